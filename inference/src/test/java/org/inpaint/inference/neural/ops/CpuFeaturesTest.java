package org.inpaint.inference.neural.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which arithmetic a CPU runs in hardware, read from its /proc/cpuinfo flags. */
class CpuFeaturesTest {

    /** The first lines of an AMD EPYC's /proc/cpuinfo as a VM without AVX-512 shows it (flags shortened). */
    private static final String AVX2_ONLY = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 25
            model name\t: AMD EPYC
            flags\t\t: fpu vme de pse tsc msr sse sse2 ht syscall nx lm sse4_1 sse4_2 avx sse4a avx2 fma
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            flags\t\t: fpu vme de pse tsc msr sse sse2 ht syscall nx lm sse4_1 sse4_2 avx sse4a avx2 fma
            """;

    /** A Zen 4's flags: AVX-512 with its BF16 extension. */
    private static final String ZEN4 = """
            processor\t: 0
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_bf16 avx512_vnni
            """;

    /** A Sapphire Rapids core's: AMX tiles with bf16, AVX512_BF16 listed too. */
    private static final String AMX = """
            processor\t: 0
            flags\t\t: fpu avx2 avx512f amx_bf16 amx_tile amx_int8
            """;

    @Test
    void bf16RunsInHardwareOnlyWithAvx512Bf16OrAmx() {
        assertFalse(CpuFeatures.parse(AVX2_ONLY).bf16());
        assertTrue(CpuFeatures.parse(AVX2_ONLY).flags().contains("avx2"));
        assertTrue(CpuFeatures.parse(ZEN4).bf16());
        assertTrue(CpuFeatures.parse(AMX).bf16());
        assertFalse(CpuFeatures.parse("processor : 0\nflags : AVX512F\n").bf16(), "avx512f alone has no bf16 arithmetic");
        assertTrue(CpuFeatures.parse("flags : AVX512_BF16\n").bf16(), "flags are compared in lower case");
    }

    @Test
    void aTextWithoutFlagsOrAMissingFileMeansNone() throws Exception {
        assertEquals(Set.of(), CpuFeatures.parse("processor : 0\nvendor_id : GenuineIntel\n").flags());
        assertEquals(Set.of(), CpuFeatures.read(Path.of("/nonexistent/cpuinfo")).flags());
    }

    @Test
    void readsAFileAsTheKernelWritesIt(@TempDir Path dir) throws Exception {
        Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), ZEN4);
        assertTrue(CpuFeatures.read(cpuinfo).bf16());
    }

    @Test
    void onlyBf16DependsOnTheCpu() {
        CpuFeatures avx2 = CpuFeatures.parse(AVX2_ONLY);
        assertTrue(Precision.FP32.isNativeOn(avx2));
        assertTrue(Precision.EXACT.isNativeOn(avx2));
        assertFalse(Precision.BF16.isNativeOn(avx2));
        assertTrue(Precision.BF16.isNativeOn(CpuFeatures.parse(ZEN4)));
    }
}
