package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerceptualLossTest extends TensorTest {

    @Test
    void meanSquaredDistancePerLayerAveragedOverLayers() {
        SplittableRandom r = new SplittableRandom(1);
        long[][] shapes = {{2, 3, 4, 4}, {2, 5, 2, 2}, {2, 2, 1, 1}};
        NDList out = new NDList();
        NDList tgt = new NDList();
        double expected = 0;
        for (long[] s : shapes) {
            int size = (int) (s[0] * s[1] * s[2] * s[3]);
            float[] a = uniform(r, size, -2, 2);
            float[] b = uniform(r, size, -2, 2);
            out.add(array(m, a, s));
            tgt.add(array(m, b, s));
            double sq = 0;
            for (int i = 0; i < size; i++) {
                sq += (a[i] - b[i]) * (double) (a[i] - b[i]);
            }
            expected += sq / size;
        }
        expected /= shapes.length;
        assertClose(expected, PerceptualLoss.of(out, tgt).getFloat(), "perceptual");
    }

    @Test
    void gradientPullsTheOutputFeaturesTowardsTheTarget() {
        float[] a = {1f, -1f, 0.5f, 2f};
        float[] b = {0f, 0f, 0.5f, 3f};
        NDArray out = array(m, a, 1, 1, 2, 2);
        out.setRequiresGradient(true);
        NDArray tgt = array(m, b, 1, 1, 2, 2);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(PerceptualLoss.of(new NDList(out), new NDList(tgt)));
        }
        float[] g = out.getGradient().toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertClose(2.0 * (a[i] - b[i]) / a.length, g[i], "d/d out[" + i + "]");
        }
    }

    @Test
    void mismatchedLayersAreRefused() {
        NDList one = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(1, 1, 2, 2)));
        NDList other = new NDList(m.zeros(new ai.djl.ndarray.types.Shape(1, 1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> PerceptualLoss.of(one, other));
        assertThrows(IllegalArgumentException.class, () -> PerceptualLoss.of(one, new NDList()));
    }
}
