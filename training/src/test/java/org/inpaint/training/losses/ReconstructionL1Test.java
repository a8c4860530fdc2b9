package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.uniform;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconstructionL1Test extends TensorTest {

    @Test
    void roughPlusRefinedMeanAbsoluteError() {
        SplittableRandom r = new SplittableRandom(5);
        int size = 2 * 3 * 4 * 4;
        float[] gt = uniform(r, size, -1, 1), rough = uniform(r, size, -1, 1), refined = uniform(r, size, -1, 1);
        double a = 0, b = 0;
        for (int i = 0; i < size; i++) {
            a += Math.abs(rough[i] - gt[i]);
            b += Math.abs(refined[i] - gt[i]);
        }
        float got = ReconstructionL1.of(array(m, gt, 2, 3, 4, 4), array(m, rough, 2, 3, 4, 4), array(m, refined, 2, 3, 4, 4))
                .getFloat();
        assertClose(a / size + b / size, got, "L_re");
    }

    @Test
    void gradientIsTheSignOfTheErrorOverTheCount() {
        float[] gt = {0f, 0f, 0f, 0f};
        float[] out = {0.5f, -0.25f, 2f, -1f};
        NDArray o = array(m, out, 1, 1, 2, 2);
        o.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(ReconstructionL1.of(array(m, gt, 1, 1, 2, 2), o));
        }
        float[] g = o.getGradient().toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertClose(Math.signum(out[i]) / 4.0, g[i], "grad " + i);
        }
    }
}
