package org.inpaint.training.critics;

import static org.inpaint.training.testing.Blocks.parameterGradientNorm;
import static org.inpaint.training.testing.Blocks.ready;
import static org.inpaint.training.testing.Blocks.run;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.inpaint.training.losses.PatchGanLoss;
import org.junit.jupiter.api.Test;

class MultiScalePatchDiscriminatorTest extends TensorTest {

    @Test
    void halvingIsAverageOverTheValidPixelsOfA3x3Window() {
        float[] x = uniform(new SplittableRandom(16), 5 * 5, -1, 1);
        float[] y = MultiScalePatchDiscriminator.halve(m.create(x, new Shape(1, 1, 5, 5))).toFloatArray();
        assertEquals(9, y.length);
        for (int oy = 0; oy < 3; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                double s = 0;
                int count = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = 2 * oy + dy, xx = 2 * ox + dx;
                        if (yy >= 0 && yy < 5 && xx >= 0 && xx < 5) {
                            s += x[at(0, 0, yy, xx, 1, 5, 5)];
                            count++;
                        }
                    }
                }
                assertClose(s / count, y[oy * 3 + ox], "cell " + oy + "," + ox);
            }
        }
    }

    @Test
    void threeScoreMapsFinestFirstAndTrainable() {
        Shape in = new Shape(1, 3, 96, 96);
        MultiScalePatchDiscriminator d = ready(new MultiScalePatchDiscriminator(3, 1.0 / 16, 3), m, in);
        SplittableRandom r = new SplittableRandom(17);
        NDArray real = m.create(uniform(r, 3 * 96 * 96, -1, 1), in);
        NDArray fake = m.create(uniform(r, 3 * 96 * 96, -1, 1), in);
        fake.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList sr = run(d, real);
            NDList sf = run(d, fake);
            assertEquals(3, sf.size());
            // 96 -> 10x10, 48 -> 4x4, 24 -> 1x1
            assertEquals(new Shape(1, 1, 10, 10), sf.get(0).getShape());
            assertEquals(new Shape(1, 1, 4, 4), sf.get(1).getShape());
            assertEquals(new Shape(1, 1, 1, 1), sf.get(2).getShape());
            Shape[] declared = d.getOutputShapes(new Shape[] {in});
            for (int k = 0; k < 3; k++) {
                assertEquals(declared[k], sf.get(k).getShape());
            }
            gc.backward(PatchGanLoss.discriminator(sr, sf).add(PatchGanLoss.generator(sf)));
        }
        assertTrue(parameterGradientNorm(d) > 0);
        assertTrue(fake.getGradient().abs().sum().getFloat() > 0);
    }
}
