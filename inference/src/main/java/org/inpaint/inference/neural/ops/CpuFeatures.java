package org.inpaint.inference.neural.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instruction-set extensions this machine's CPU reports, as far as the choice of arithmetic needs them. Read
 * from the kernel's {@code /proc/cpuinfo} flags (Linux); elsewhere, or where they cannot be read, none are assumed,
 * which only ever costs speed, never correctness.
 *
 * @param flags the CPU's feature flags, lower case ({@code avx2}, {@code avx512_bf16}, ...)
 */
public record CpuFeatures(Set<String> flags) {

    /** What a user is told where bf16 would be emulated. */
    public static final String NO_BF16 = "this CPU has no AVX-512 BF16 or AMX-BF16";

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final CpuFeatures LOCAL = read(CPUINFO);

    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This machine's. */
    public static CpuFeatures local() {
        return LOCAL;
    }

    /** The flags of {@code cpuinfo}'s first processor; none if the file is missing or unreadable. */
    static CpuFeatures read(Path cpuinfo) {
        try {
            return parse(Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures(Set.of());
        }
    }

    /** The flags of the first {@code flags : ...} line of a {@code /proc/cpuinfo} text. */
    static CpuFeatures parse(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("flags") && line.indexOf(':') > 0)
                .findFirst()
                .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                        .map(String::toLowerCase)
                        .collect(Collectors.toSet()))
                .map(CpuFeatures::new)
                .orElseGet(() -> new CpuFeatures(Set.of()));
    }

    /**
     * Whether bfloat16 arithmetic runs in hardware: AVX-512 BF16 or AMX-BF16. Without either, oneDNN emulates it: a
     * DeepFill training step in bf16 measured about 235 s against 9-10 s in fp32 on an AVX2-only Zen core.
     */
    public boolean bf16() {
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }
}
