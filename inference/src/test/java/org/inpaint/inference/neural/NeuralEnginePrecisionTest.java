package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.csa.CsaArchitecture;
import org.inpaint.inference.neural.deepfill.DeepFillArchitecture;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
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
    void autoServesCsaInBf16AndTheOthersInFp32() {
        for (String auto : new String[] {null, "auto", " AUTO "}) {
            if (auto == null) {
                System.clearProperty(NeuralEngine.PRECISION_PROPERTY);
            } else {
                System.setProperty(NeuralEngine.PRECISION_PROPERTY, auto);
            }
            assertEquals(Precision.BF16, NeuralEngine.precisionFor(new CsaArchitecture()), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new LbamArchitecture()), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new DeepFillArchitecture()), String.valueOf(auto));
            assertEquals(Precision.FP32, NeuralEngine.precisionFor(new SwapArchitecture()), String.valueOf(auto));
        }
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
