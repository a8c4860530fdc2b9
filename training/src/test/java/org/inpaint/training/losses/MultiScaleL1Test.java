package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiScaleL1Test extends TensorTest {

    @Test
    void sumOverScalesOfTheL1ToTheUpsampledPrediction() {
        SplittableRandom r = new SplittableRandom(12);
        int n = 2, c = 3, side = 8;
        float[] gt = uniform(r, n * c * side * side, -1, 1);
        int[] sides = {8, 4, 2, 1};
        List<NDArray> preds = new java.util.ArrayList<>();
        double expected = 0;
        for (int s : sides) {
            float[] p = uniform(r, n * c * s * s, -1, 1);
            preds.add(array(m, p, n, c, s, s));
            int f = side / s;
            double sum = 0;
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < side; y++) {
                        for (int x = 0; x < side; x++) {
                            sum += Math.abs(p[at(b, ch, y / f, x / f, c, s, s)] - gt[at(b, ch, y, x, c, side, side)]);
                        }
                    }
                }
            }
            expected += sum / (n * c * side * side);
        }
        assertClose(expected, MultiScaleL1.of(array(m, gt, n, c, side, side), preds).getFloat(), "multi-scale L1");
    }

    @Test
    void aCoarsePixelGetsTheGradientOfItsWholeBlock() {
        float[] gt = new float[16];
        for (int i = 0; i < 16; i++) {
            gt[i] = i < 8 ? 1f : -1f;   // top half 1, bottom half -1 on a 4x4 image
        }
        NDArray coarse = array(m, new float[] {0, 0, 0, 0}, 1, 1, 2, 2);
        coarse.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(MultiScaleL1.of(array(m, gt, 1, 1, 4, 4), List.of(coarse)));
        }
        float[] g = coarse.getGradient().toFloatArray();
        // each coarse pixel covers 4 of the 16 pixels, all with error sign -1 (top) or +1 (bottom)
        assertClose(-4.0 / 16, g[0], "top left");
        assertClose(-4.0 / 16, g[1], "top right");
        assertClose(4.0 / 16, g[2], "bottom left");
        assertClose(4.0 / 16, g[3], "bottom right");
    }

    @Test
    void nonIntegerScalesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MultiScaleL1.of(m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 8, 8)),
                List.of(m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 3, 3)))));
    }
}
