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
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.inpaint.training.losses.RelativisticLsLoss;
import org.junit.jupiter.api.Test;

class FeaturePatchDiscriminatorTest extends TensorTest {

    @Test
    void scoresPatchesOfThePool3FeaturesAndTrainsThroughThem() {
        RandomVggFeatures vgg = RandomVggFeatures.create(m, 1, 1.0 / 16, 3);
        int c = vgg.channels(2);
        FeaturePatchDiscriminator d = ready(new FeaturePatchDiscriminator(c, 1.0 / 32), m, new Shape(1, c, 8, 8));
        SplittableRandom r = new SplittableRandom(10);
        NDArray real = m.create(uniform(r, 3 * 64 * 64, -1, 1), new Shape(1, 3, 64, 64));
        NDArray fake = m.create(uniform(r, 3 * 64 * 64, -1, 1), new Shape(1, 3, 64, 64));
        fake.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray sr = run(d, vgg.extract(real).get(2)).singletonOrThrow();
            NDArray sf = run(d, vgg.extract(fake).get(2)).singletonOrThrow();
            // pool3 of 64x64 is 8x8; stride 2 -> 4x4; two 4x4 stride-1 layers with padding 1 -> 3x3 -> 2x2
            assertEquals(new Shape(1, 1, 2, 2), sf.getShape());
            assertEquals(sf.getShape(), d.getOutputShapes(new Shape[] {new Shape(1, c, 8, 8)})[0]);
            gc.backward(RelativisticLsLoss.generator(sr, sf));
        }
        assertTrue(parameterGradientNorm(d) > 0, "discriminator parameters");
        assertTrue(fake.getGradient().abs().sum().getFloat() > 0, "image through the frozen features");
    }

    @Test
    void fullWidthOutputShapeAt256() {
        FeaturePatchDiscriminator d = new FeaturePatchDiscriminator(256, 1);
        // pool3 of 256x256 is 32x32 -> 16 -> 15 -> 14
        assertEquals(new Shape(1, 1, 14, 14), d.getOutputShapes(new Shape[] {new Shape(1, 256, 32, 32)})[0]);
    }
}
