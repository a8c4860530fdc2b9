package org.inpaint.training.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.csa.CsaArchitecture;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.swap.SwapArchitecture;
import org.inpaint.training.critics.ConditionalPatchDiscriminator;
import org.inpaint.training.critics.FeaturePatchDiscriminator;
import org.inpaint.training.critics.PatchDiscriminator;
import org.inpaint.training.critics.RandomVggFeatures;
import org.inpaint.training.labels.ClassMap;
import org.inpaint.training.labels.ColourPalette;
import org.inpaint.training.testing.Blocks;
import org.junit.jupiter.api.Test;

/**
 * Each paper's generator, at a tiny width, feeding its named outputs into its losses: one generator step's
 * objective must back-propagate into the generator's parameters.
 */
class PaperObjectivesWiringTest extends TensorTest {

    private Block generator(NetworkArchitecture arch, double width, int batch, int size) {
        Block g = arch.build(width);
        return Blocks.ready(g, m, new Shape(batch, 3, size, size), new Shape(batch, 1, size, size));
    }

    /** A two-colour test picture (left warm, right cool) as RGB and as an array in [-1, 1]. */
    private static RgbImage picture(int size) {
        RgbImage img = RgbImage.blank(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int t = (x * 5 + y * 3) % 7 * 6;
                img.set(x, y, 0, x < size / 2 ? 190 + t : 40);
                img.set(x, y, 1, 60 + t);
                img.set(x, y, 2, x < size / 2 ? 40 : 180 + t);
            }
        }
        return img;
    }

    private NDArray asArray(RgbImage img) {
        int w = img.width(), h = img.height();
        float[] a = new float[3 * w * h];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    a[(c * h + y) * w + x] = img.get(x, y, c) / 127.5f - 1;
                }
            }
        }
        return m.create(a, new Shape(1, 3, h, w));
    }

    private NDArray squareHole(int size) {
        float[] mask = new float[size * size];
        for (int y = size / 4; y < 3 * size / 4; y++) {
            for (int x = size / 4; x < 3 * size / 4; x++) {
                mask[y * size + x] = 1;
            }
        }
        return m.create(mask, new Shape(1, 1, size, size));
    }

    private static NDArray named(NDList out, String name) {
        for (NDArray a : out) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        throw new AssertionError("no output " + name);
    }

    private static void assertTrains(Block g, NDArray loss) {
        float v = loss.getFloat();
        assertTrue(Float.isFinite(v) && v > 0, "loss " + v);
        double norm = Blocks.parameterGradientNorm(g);
        assertTrue(norm > 0 && Double.isFinite(norm), "generator gradient " + norm);
    }

    @Test
    void lbam() {
        int size = 128;
        Block g = generator(new LbamArchitecture(), 1.0 / 16, 2, size);
        RandomVggFeatures vgg = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, 1.0 / 16, 3);
        // two images: LBAM's batch norms need more than one value per channel at its 1x1 bottleneck
        NDArray gt = asArray(picture(size)).repeat(0, 2);
        NDArray hole = squareHole(size).repeat(0, 2);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = g.forward(new ParameterStore(m, false), new NDList(gt.mul(hole.neg().add(1)), hole), true).get(0);
            NDList fo = vgg.extract(out);
            NDList fr = vgg.extract(gt);
            NDArray loss = ReconstructionL1.of(gt, out).add(PerceptualLoss.of(fo, fr).mul(0.05f))
                    .add(StyleLoss.of(fo, fr).mul(120f));
            gc.backward(loss);
            assertTrains(g, loss);
        }
    }

    @Test
    void csa() {
        int size = 256;
        double width = 1.0 / 16;
        Block g = generator(new CsaArchitecture(), width, 1, size);
        RandomVggFeatures vgg = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, width, 4);
        PatchDiscriminator patch = Blocks.ready(new PatchDiscriminator(3, width), m, new Shape(1, 3, size, size));
        FeaturePatchDiscriminator features = Blocks.ready(new FeaturePatchDiscriminator(vgg.channels(2), width), m,
                new Shape(1, vgg.channels(2), size / 8, size / 8));
        NDArray gt = asArray(picture(size));
        NDArray hole = squareHole(size);
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = g.forward(ps, new NDList(gt.mul(hole.neg().add(1)), hole), true);
            NDArray refined = out.get(0);
            NDList fr = vgg.extract(gt);
            NDList fo = vgg.extract(refined);
            NDArray csaFeatures = named(out, "csa_features");
            assertEquals(fr.get(3).getShape(), csaFeatures.getShape(), "relu4_3 matches the CSA layer");
            NDArray adversarial = RelativisticLsLoss.generator(patch.forward(ps, new NDList(gt), true).singletonOrThrow(),
                    patch.forward(ps, new NDList(refined), true).singletonOrThrow())
                    .add(RelativisticLsLoss.generator(features.forward(ps, new NDList(fr.get(2)), true).singletonOrThrow(),
                            features.forward(ps, new NDList(fo.get(2)), true).singletonOrThrow()));
            NDArray loss = ReconstructionL1.of(gt, named(out, "coarse"), refined)
                    .add(ConsistencyLoss.of(csaFeatures, named(out, "csa_decoder_features"), fr.get(3), named(out, "csa_mask"))
                            .mul(0.01f))
                    .add(adversarial.mul(0.002f));
            gc.backward(loss);
            assertTrains(g, loss);
        }
    }

    @Test
    void swap() {
        int size = 32, classes = 4;
        Block g = generator(new SwapArchitecture(classes), 1.0 / 8, 1, size);
        ConditionalPatchDiscriminator ds = Blocks.ready(new ConditionalPatchDiscriminator(classes, 1.0 / 16), m,
                new Shape(1, 3, size, size), new Shape(1, classes, size, size));
        ConditionalPatchDiscriminator dt = Blocks.ready(new ConditionalPatchDiscriminator(classes, 1.0 / 16), m,
                new Shape(1, 3, size, size), new Shape(1, classes, size, size));
        RgbImage pic = picture(size);
        ClassMap labels = ColourPalette.fit(List.of(pic), classes, 2000, 20, 1).label(pic, 1);
        NDArray gt = asArray(pic);
        NDArray hole = squareHole(size);
        NDArray target = SegmentationCrossEntropy.oneHot(labels.labels(m), classes);
        ParameterStore ps = new ParameterStore(m, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = g.forward(ps, new NDList(gt.mul(hole.neg().add(1)), hole), true);
            List<NDArray> images = new ArrayList<>(List.of(out.get(0)));
            List<NDArray> segs = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                images.add(named(out, "image_s" + i));
            }
            for (int i = 0; i <= 4; i++) {
                segs.add(named(out, "seg_s" + i));
            }
            NDArray seg0 = segs.get(0);
            NDArray soft = labels.probabilities(m);
            NDArray loss = MultiScaleL1.of(gt, images)
                    .add(SegmentationCrossEntropy.of(target, segs))
                    .add(new NonLocalPatchCoherenceLoss(3).of(out.get(0), seg0, gt, labels.labels(m), hole, new SplittableRandom(2)))
                    .add(StructureCoherenceLoss.generator(ds.forward(ps, new NDList(out.get(0), soft), true).singletonOrThrow(),
                            dt.forward(ps, new NDList(gt, seg0.softmax(1)), true).singletonOrThrow()));
            gc.backward(loss);
            assertTrains(g, loss);
        }
        assertEquals(DataType.INT32, labels.labels(m).getDataType());
    }
}
