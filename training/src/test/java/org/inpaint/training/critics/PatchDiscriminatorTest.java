package org.inpaint.training.critics;

import static org.inpaint.training.testing.Blocks.parameterGradientNorm;
import static org.inpaint.training.testing.Blocks.ready;
import static org.inpaint.training.testing.Blocks.run;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.inpaint.training.losses.RelativisticLsLoss;
import org.junit.jupiter.api.Test;

class PatchDiscriminatorTest extends TensorTest {

    private NDArray image(long seed, int n, int c, int side) {
        return m.create(uniform(new SplittableRandom(seed), n * c * side * side, -1, 1), new Shape(n, c, side, side));
    }

    @Test
    void receptiveFieldIs70() {
        // r = 1 -> (1-1)*1+4 = 4 -> (4-1)*1+4 = 7 -> (7-1)*2+4 = 16 -> (16-1)*2+4 = 34 -> (34-1)*2+4 = 70
        assertEquals(70, PatchDiscriminator.receptiveField());
        assertEquals(8, PatchDiscriminator.stride());
    }

    @Test
    void oneOutputSeesExactlyA70By70InputWindow() {
        // without instance norm (whose statistics would couple every pixel), the input gradient of one output value
        // is non-zero exactly on its receptive field: rows/columns 9..78 for output (4, 4) of an 80x80 input
        PatchDiscriminator d = ready(new PatchDiscriminator(3, 1.0 / 16, false), m, new Shape(1, 3, 80, 80));
        NDArray x = image(1, 1, 3, 80);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = run(d, x).singletonOrThrow();
            assertEquals(new Shape(1, 1, 8, 8), out.getShape());
            gc.backward(out.get(new NDIndex("0, 0, 4, 4")));
        }
        float[] g = x.getGradient().abs().sum(new int[] {0, 1}).toFloatArray();
        int top = 80, bottom = -1, left = 80, right = -1;
        for (int y = 0; y < 80; y++) {
            for (int xx = 0; xx < 80; xx++) {
                if (g[y * 80 + xx] != 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, xx);
                    right = Math.max(right, xx);
                }
            }
        }
        assertEquals(9, top);
        assertEquals(78, bottom);
        assertEquals(9, left);
        assertEquals(78, right);
        assertEquals(PatchDiscriminator.receptiveField(), bottom - top + 1);
    }

    @Test
    void outputShapeIsAnEighthMinusTwo() {
        PatchDiscriminator d = ready(new PatchDiscriminator(3, 1.0 / 16), m, new Shape(2, 3, 32, 32));
        NDArray out = run(d, image(2, 2, 3, 32)).singletonOrThrow();
        assertEquals(new Shape(2, 1, 2, 2), out.getShape());
        assertEquals(out.getShape(), d.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)})[0]);
        assertEquals(new Shape(1, 1, 30, 30), d.getOutputShapes(new Shape[] {new Shape(1, 3, 256, 256)})[0]);
    }

    @Test
    void forwardAndBackwardInAGradientCollector() {
        PatchDiscriminator d = ready(new PatchDiscriminator(3, 1.0 / 16), m, new Shape(1, 3, 32, 32));
        NDArray real = image(3, 1, 3, 32);
        NDArray fake = image(4, 1, 3, 32);
        fake.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(RelativisticLsLoss.discriminator(run(d, real).singletonOrThrow(), run(d, fake).singletonOrThrow()));
        }
        assertTrue(parameterGradientNorm(d) > 0);
        assertTrue(fake.getGradient().abs().sum().getFloat() > 0);
    }
}
