package org.inpaint.training.critics;

import static org.inpaint.training.testing.Blocks.parameterGradientNorm;
import static org.inpaint.training.testing.Blocks.ready;
import static org.inpaint.training.testing.Blocks.run;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.inpaint.training.losses.StructureCoherenceLoss;
import org.junit.jupiter.api.Test;

class ConditionalPatchDiscriminatorTest extends TensorTest {

    private static final int K = 4;

    @Test
    void twoConditionalDiscriminatorsTrainAndPassGradientsToImageAndSegmentation() {
        Shape image = new Shape(1, 3, 32, 32), seg = new Shape(1, K, 32, 32);
        ConditionalPatchDiscriminator ds = ready(new ConditionalPatchDiscriminator(K, 1.0 / 16), m, image, seg);
        ConditionalPatchDiscriminator dt = ready(new ConditionalPatchDiscriminator(K, 1.0 / 16), m, image, seg);
        SplittableRandom r = new SplittableRandom(18);
        NDArray realImage = m.create(uniform(r, 3 * 32 * 32, -1, 1), image);
        NDArray realSeg = m.create(uniform(r, K * 32 * 32, -1, 1), seg).softmax(1);
        NDArray fakeImage = m.create(uniform(r, 3 * 32 * 32, -1, 1), image);
        NDArray fakeLogits = m.create(uniform(r, K * 32 * 32, -1, 1), seg);
        fakeImage.setRequiresGradient(true);
        fakeLogits.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray dsFake = run(ds, fakeImage, realSeg).singletonOrThrow();
            NDArray dtFake = run(dt, realImage, fakeLogits.softmax(1)).singletonOrThrow();
            assertEquals(new Shape(1, 1, 2, 2), dsFake.getShape());
            assertEquals(dsFake.getShape(), ds.getOutputShapes(new Shape[] {image, seg})[0]);
            NDArray dsReal = run(ds, realImage, realSeg).singletonOrThrow();
            NDArray dtReal = run(dt, realImage, realSeg).singletonOrThrow();
            gc.backward(StructureCoherenceLoss.discriminator(dsReal, dsFake, dtReal, dtFake)
                    .add(StructureCoherenceLoss.generator(dsFake, dtFake)));
        }
        assertTrue(parameterGradientNorm(ds) > 0 && parameterGradientNorm(dt) > 0);
        assertTrue(fakeImage.getGradient().abs().sum().getFloat() > 0);
        assertTrue(fakeLogits.getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void wrongClassCountIsRefused() {
        ConditionalPatchDiscriminator d = ready(new ConditionalPatchDiscriminator(K, 1.0 / 16), m,
                new Shape(1, 3, 32, 32), new Shape(1, K, 32, 32));
        assertThrows(IllegalArgumentException.class,
                () -> run(d, m.zeros(new Shape(1, 3, 32, 32)), m.zeros(new Shape(1, K + 1, 32, 32))));
    }
}
