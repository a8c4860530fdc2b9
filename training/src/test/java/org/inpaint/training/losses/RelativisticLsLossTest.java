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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RelativisticLsLossTest extends TensorTest {

    private static double mean(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s / a.length;
    }

    /** mean over x of (x - shift - target)². */
    private static double meanSquare(float[] a, double shift, double target) {
        double s = 0;
        for (float v : a) {
            s += Math.pow(v - shift - target, 2);
        }
        return s / a.length;
    }

    @Test
    void bothTermsMatchHandComputation() {
        SplittableRandom r = new SplittableRandom(8);
        float[] real = uniform(r, 2 * 1 * 3 * 3, -2, 2);
        float[] fake = uniform(r, 2 * 1 * 3 * 3, -2, 2);
        double mr = mean(real), mf = mean(fake);
        double gen = meanSquare(real, mf, 0) + meanSquare(fake, mr, 1);
        double dis = meanSquare(real, mf, 1) + meanSquare(fake, mr, 0);
        NDArray cr = array(m, real, 2, 1, 3, 3), cf = array(m, fake, 2, 1, 3, 3);
        assertClose(gen, RelativisticLsLoss.generator(cr, cf).getFloat(), "D_R");
        assertClose(dis, RelativisticLsLoss.discriminator(cr, cf).getFloat(), "D_F");
    }

    @Test
    void generatorRaisesFakeScoresDiscriminatorLowersThem() {
        float[] zeros = new float[8];
        for (boolean generator : new boolean[] {true, false}) {
            NDArray real = array(m, zeros, 2, 1, 2, 2);
            NDArray fake = array(m, zeros, 2, 1, 2, 2);
            fake.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(generator ? RelativisticLsLoss.generator(real, fake) : RelativisticLsLoss.discriminator(real, fake));
            }
            // at C = 0 everywhere: generator dD_R/dC_f = -2/n, discriminator dD_F/dC_f = +2/n
            for (float g : fake.getGradient().toFloatArray()) {
                assertClose(generator ? -2.0 / 8 : 2.0 / 8, g, generator ? "generator" : "discriminator");
            }
        }
    }

    @Test
    void realScoresGetGradientsInTheDiscriminatorTermToo() {
        SplittableRandom r = new SplittableRandom(9);
        NDArray real = array(m, uniform(r, 4, -0.1, 0.1), 1, 1, 2, 2);
        NDArray fake = array(m, uniform(r, 4, -0.1, 0.1), 1, 1, 2, 2);
        real.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(RelativisticLsLoss.discriminator(real, fake));
        }
        for (float g : real.getGradient().toFloatArray()) {
            assertTrue(g < 0, "real scores near 0 must be pushed up, got gradient " + g);
        }
    }
}
