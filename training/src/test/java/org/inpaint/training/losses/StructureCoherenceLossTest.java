package org.inpaint.training.losses;

import static org.inpaint.training.losses.PatchGanLossTest.bce;
import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StructureCoherenceLossTest extends TensorTest {

    @Test
    void bothConditionalDiscriminatorsLogisticTerms() {
        SplittableRandom r = new SplittableRandom(15);
        float[] dsr = uniform(r, 4, -2, 2), dsf = uniform(r, 4, -2, 2), dtr = uniform(r, 4, -2, 2), dtf = uniform(r, 4, -2, 2);
        double d = bce(dsr, true) + bce(dsf, false) + bce(dtr, true) + bce(dtf, false);
        double g = bce(dsf, true) + bce(dtf, true);
        NDArray a = array(m, dsr, 1, 1, 2, 2), b = array(m, dsf, 1, 1, 2, 2), c = array(m, dtr, 1, 1, 2, 2),
                e = array(m, dtf, 1, 1, 2, 2);
        assertClose(d, StructureCoherenceLoss.discriminator(a, b, c, e).getFloat(), "discriminators");
        assertClose(g, StructureCoherenceLoss.generator(b, e).getFloat(), "generator");
    }

    @Test
    void discriminatorsLowerFakeScoresGeneratorRaisesThem() {
        for (boolean generator : new boolean[] {true, false}) {
            NDArray dsFake = array(m, new float[] {0.3f, -0.2f}, 1, 1, 1, 2);
            NDArray dtFake = array(m, new float[] {1.0f, -1.0f}, 1, 1, 1, 2);
            dsFake.setRequiresGradient(true);
            dtFake.setRequiresGradient(true);
            NDArray real = array(m, new float[] {0f, 0f}, 1, 1, 1, 2);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(generator ? StructureCoherenceLoss.generator(dsFake, dtFake)
                        : StructureCoherenceLoss.discriminator(real, dsFake, real, dtFake));
            }
            for (NDArray a : new NDArray[] {dsFake, dtFake}) {
                for (float g : a.getGradient().toFloatArray()) {
                    assertTrue(generator ? g < 0 : g > 0, (generator ? "generator " : "discriminator ") + g);
                }
            }
        }
    }
}
