package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.csa.CsaArchitecture;
import org.inpaint.inference.neural.deepfill.DeepFillArchitecture;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.inference.neural.swap.SwapArchitecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which precision each engine serves in: the network's measured best under "auto", else what is asked. */
class NeuralEnginePrecisionTest {

    @AfterEach
    void clear() {
        System.clearProperty(NeuralEngine.PRECISION_PROPERTY);
    }

    @Test
    void autoServesCsaInBf16WhereTheCpuHasItAndTheOthersInFp32() {
        CpuFeatures bf16 = new CpuFeatures(Set.of("avx2", "avx512f", "avx512_bf16"));
        for (String auto : new String[] {null, "auto", " AUTO "}) {
            if (auto == null) {
                System.clearProperty(NeuralEngine.PRECISION_PROPERTY);
            } else {
                System.setProperty(NeuralEngine.PRECISION_PROPERTY, auto);
            }
            assertEquals(Precision.BF16, NeuralEngine.precisionFor(new CsaArchitecture(), bf16), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new LbamArchitecture(), bf16), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new DeepFillArchitecture(), bf16), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new SwapArchitecture(), bf16), String.valueOf(auto));
        }
    }

    /** Emulated bf16 is many times slower than fp32, so "auto" never picks it on a CPU without it. */
    @Test
    void autoServesEveryNetworkInFp32WhereTheCpuWouldEmulateBf16() {
        CpuFeatures avx2 = new CpuFeatures(Set.of("avx", "avx2", "fma"));
        assertEquals(Precision.FP32, NeuralEngine.precisionFor(new CsaArchitecture(), avx2));
        assertEquals(Precision.FP32, NeuralEngine.precisionFor(new LbamArchitecture(), avx2));
        assertEquals(CpuFeatures.local().bf16() ? Precision.BF16 : Precision.FP32,
                NeuralEngine.precisionFor(new CsaArchitecture()), "this machine: " + CpuFeatures.local().bf16());
    }

    @Test
    void theEngineStatusSaysTheArithmeticAndWhyNotTheMeasuredBest() {
        CpuFeatures avx2 = new CpuFeatures(Set.of("avx2"));
        CpuFeatures bf16 = new CpuFeatures(Set.of("avx512_bf16"));
        assertEquals("in fp32 (bf16 measured faster, but this CPU has no AVX-512 BF16 or AMX-BF16)",
                NeuralEngineProvider.precisionSummary(Precision.FP32, Precision.BF16, avx2));
        assertEquals("in bf16", NeuralEngineProvider.precisionSummary(Precision.BF16, Precision.BF16, bf16));
        assertEquals("in fp32", NeuralEngineProvider.precisionSummary(Precision.FP32, Precision.FP32, avx2));
        assertEquals("in fp32", NeuralEngineProvider.precisionSummary(Precision.FP32, Precision.BF16, bf16), "asked for fp32");
    }

    @Test
    void anExplicitPrecisionAppliesToEveryEngine() {
        System.setProperty(NeuralEngine.PRECISION_PROPERTY, "fp32");
        assertEquals(Precision.FP32, NeuralEngine.precisionFor(new CsaArchitecture()));
        System.setProperty(NeuralEngine.PRECISION_PROPERTY, "bf16");
        assertEquals(Precision.BF16, NeuralEngine.precisionFor(new LbamArchitecture()));
        System.setProperty(NeuralEngine.PRECISION_PROPERTY, "fp8");
        InpaintException e = assertThrows(InpaintException.class, () -> NeuralEngine.precisionFor(new LbamArchitecture()));
        assertEquals(NeuralEngine.PRECISION_PROPERTY, e.field());
    }
}
