package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PatchGanLossTest extends TensorTest {

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** mean of -log σ(x) (real) or -log(1 - σ(x)) (fake), straight from the definition. */
    static double bce(float[] scores, boolean real) {
        double s = 0;
        for (float v : scores) {
            s -= Math.log(real ? sigmoid(v) : 1 - sigmoid(v));
        }
        return s / scores.length;
    }

    @Test
    void sumsTheLogisticLossOverScales() {
        SplittableRandom r = new SplittableRandom(13);
        float[] r0 = uniform(r, 2 * 9, -3, 3), f0 = uniform(r, 2 * 9, -3, 3);
        float[] r1 = uniform(r, 2 * 4, -3, 3), f1 = uniform(r, 2 * 4, -3, 3);
        List<NDArray> real = List.of(array(m, r0, 2, 1, 3, 3), array(m, r1, 2, 1, 2, 2));
        List<NDArray> fake = List.of(array(m, f0, 2, 1, 3, 3), array(m, f1, 2, 1, 2, 2));
        double d = bce(r0, true) + bce(f0, false) + bce(r1, true) + bce(f1, false);
        double g = bce(f0, true) + bce(f1, true);
        assertClose(d, PatchGanLoss.discriminator(real, fake).getFloat(), "discriminator");
        assertClose(g, PatchGanLoss.generator(fake).getFloat(), "generator");
    }

    @Test
    void generatorGradientRaisesFakeScores() {
        NDArray fake = array(m, new float[] {-2, 0, 2, 5}, 1, 1, 2, 2);
        fake.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(PatchGanLoss.generator(List.of(fake)));
        }
        float[] g = fake.getGradient().toFloatArray();
        float[] x = {-2, 0, 2, 5};
        for (int i = 0; i < 4; i++) {
            // d/dx mean(softplus(-x)) = -(1 - σ(x)) / n
            assertClose(-(1 - sigmoid(x[i])) / 4, g[i], "grad " + i);
            assertTrue(g[i] < 0);
        }
    }
}
