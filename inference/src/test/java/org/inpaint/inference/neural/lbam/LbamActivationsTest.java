package org.inpaint.inference.neural.lbam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** g_A (Eq. 9) and g_M (Eq. 8) against the formulas evaluated in double precision. */
class LbamActivationsTest {

    private static final float[] SAMPLES = {-5f, -1f, -0.25f, 0f, 0.5f, 1f, 1.5f, 1.99f, 2f, 2.01f, 2.5f, 3f, 4f, 10f, 100f};

    @Test
    void attentionActivationIsTheAsymmetricGaussianAtItsInitialParameters() {
        assertEquals(1.1f, AsymmetricGaussian.A0);
        assertEquals(2.0f, AsymmetricGaussian.MU0);
        assertEquals(1.0f, AsymmetricGaussian.GAMMA_L0);
        assertEquals(1.0f, AsymmetricGaussian.GAMMA_R0);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            AsymmetricGaussian g = new AsymmetricGaussian();
            Shape shape = new Shape(1, 1, 1, SAMPLES.length);
            g.initialize(m, DataType.FLOAT32, shape);
            float[] got = g.forward(new ParameterStore(m, false), new NDList(m.create(SAMPLES, shape)), false)
                    .singletonOrThrow().toFloatArray();
            double a = 1.1, mu = 2.0, gl = 1.0, gr = 1.0;
            for (int i = 0; i < SAMPLES.length; i++) {
                double x = SAMPLES[i];
                double want = x < mu ? a * Math.exp(-gl * (x - mu) * (x - mu)) : 1 + (a - 1) * Math.exp(-gr * (x - mu) * (x - mu));
                assertEquals(want, got[i], 1e-6, "g_A(" + x + ")");
            }
            // Spot values by hand: the peak a at μ, a·e^-4 at 0, → 1 far right, → 0 far left.
            assertEquals(1.1, got[8], 1e-6);
            assertEquals(1.1 * Math.exp(-4), got[3], 1e-6);
            assertEquals(1.0, got[14], 1e-6);
            assertEquals(0.0, got[0], 1e-6);
        }
    }

    @Test
    void attentionActivationUsesEachLearnedScalarOnItsSide() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(SAMPLES);
            NDArray out = AsymmetricGaussian.apply(x, m.create(new float[] {1.5f}), m.create(new float[] {1.0f}),
                    m.create(new float[] {0.7f}), m.create(new float[] {1.3f}));
            float[] got = out.toFloatArray();
            for (int i = 0; i < SAMPLES.length; i++) {
                double v = SAMPLES[i];
                double want = v < 1.0 ? 1.5 * Math.exp(-0.7 * (v - 1) * (v - 1)) : 1 + 0.5 * Math.exp(-1.3 * (v - 1) * (v - 1));
                assertEquals(want, got[i], 1e-6, "g_A(" + v + ")");
            }
        }
    }

    @Test
    void maskUpdateIsReluToThePowerPointEight() {
        assertEquals(0.8f, MaskUpdate.ALPHA);
        float[] xs = {-3f, -0.5f, -1e-4f, 0f, 1e-4f, 0.3f, 1f, 2f, 4f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            float[] got = MaskUpdate.apply(m.create(xs)).toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                double want = Math.pow(Math.max(0, xs[i]), 0.8);
                assertEquals(want, got[i], 1e-6, "g_M(" + xs[i] + ")");
            }
            assertEquals(0.0, got[3], 0.0);
            assertEquals(1.0, got[6], 1e-6);
            assertEquals(Math.pow(4, 0.8), got[8], 1e-6);
        }
    }
}
