package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.swap.SwapArchitecture;
import org.inpaint.training.critics.ConditionalPatchDiscriminator;
import org.inpaint.training.critics.MultiScalePatchDiscriminator;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.labels.ClassMap;
import org.inpaint.training.labels.ColourPalette;
import org.inpaint.training.losses.MultiScaleL1;
import org.inpaint.training.losses.NonLocalPatchCoherenceLoss;
import org.inpaint.training.losses.PatchGanLoss;
import org.inpaint.training.losses.SegmentationCrossEntropy;
import org.inpaint.training.losses.StructureCoherenceLoss;
import org.inpaint.training.masks.MixedMasks;
import org.inpaint.training.optim.Adam;
import org.inpaint.training.run.Architectures;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * SWAP's objective (Liao et al. 2021, Eq. 5–12):
 * {@code L = L1 + λ_α·L_α + λ_xe·L_xe + λ_co·(L_nlco + L_sco)}: L1 on the image of every scale (Eq. 9), the
 * multi-scale PatchGAN (Eq. 10, three scales when the input is at least 96 px), cross-entropy of every scale's
 * segmentation against the pseudo-labels (Eq. 11), the non-local patch coherence loss on 3×3 patches (Eq. 5–7)
 * and the structure coherence loss with the two conditional discriminators D_s and D_t (Eq. 8).
 *
 * <p><b>Weights.</b> The paper gives none; we take λ_α = λ_xe = λ_co = 0.1, every auxiliary term a decade below
 * the reconstruction. λ_α = 0.1 is EdgeConnect's weight for a PatchGAN term next to an L1 of weight 1. The
 * cross-entropy is summed over five scales and starts near 5·ln 8 ≈ 10 (measured at initialisation, 96 px: L1
 * 3.5, L_α 2.1, L_xe 11.7, L_nlco 2–5, L_sco 1.5), so at 0.1 it weighs about a third of the L1: enough to train the
 * segmentation heads without letting colour-family labels (see below), largely implied by the image that L1
 * already trains, steer the shared decoder. λ_co = 0.1 treats the coherence terms, one of them adversarial, like
 * the adversarial term.
 *
 * <p><b>Labels.</b> No human segmentation exists here: {@link ColourPalette} pseudo-labels (docs/training-substitutes.md).
 * The palette (K = the generator's class count) is fitted once per run, at the first step, on the crops of the
 * run's first {@value #PALETTE_IMAGES} samples (the batch source is a function of the seed, so the palette is
 * too), written to {@code palette.json} in the run directory, and saved in the objective state so a resumed run
 * labels with the same palette. Hard labels (window majority, radius size/128, at least 1) feed the
 * cross-entropy and the patch coherence loss; the window shares are the real segmentation S given to D_s and D_t.
 *
 * <p><b>A step</b> reads one batch and runs the generator once: the three discriminators (multi-scale PatchGAN,
 * D_s, D_t) are updated on its detached output, then the generator against the updated discriminators. The
 * config's {@code criticSteps} is for the WGAN objectives and is not used. Adam, learning rate 2e-4,
 * β = (0.5, 0.999), pix2pixHD's settings for the multi-scale PatchGAN SWAP takes from it (the paper gives none).
 * Holes: {@link MixedMasks#centreSquareOrFreeForm()}, the paper's centre hole (128×128 at 256) and irregular masks.
 */
public final class SwapObjective extends JointUpdateObjective {

    static final float ADVERSARIAL_WEIGHT = 0.1f;
    static final float CROSS_ENTROPY_WEIGHT = 0.1f;
    static final float COHERENCE_WEIGHT = 0.1f;
    static final int PATCH = 3;
    static final int PALETTE_IMAGES = 64;
    static final int PALETTE_SAMPLES_PER_IMAGE = 2048;
    static final int PALETTE_ITERATIONS = 50;
    static final String PALETTE_FILE = "palette.json";
    private static final int SCALES = 5;
    /** The smallest input a patch discriminator scores (one 70×70-style output needs 24 pixels). */
    private static final int MIN_DISCRIMINATOR_SIDE = 24;

    private final int classes;
    private final int labelRadius;
    private final MultiScalePatchDiscriminator multiScale;
    private final ConditionalPatchDiscriminator semantic;
    private final ConditionalPatchDiscriminator texture;
    private final NonLocalPatchCoherenceLoss patchCoherence = new NonLocalPatchCoherenceLoss(PATCH);
    private ColourPalette palette;

    SwapObjective(Model model, TrainingConfig config) {
        super(model, config, "swap");
        NetworkArchitecture architecture = Architectures.byName("swap");
        this.classes = architecture instanceof SwapArchitecture s ? s.classes() : SwapArchitecture.DEFAULT_CLASSES;
        this.labelRadius = Math.max(1, config.size() / 128);
        NDManager m = model.getNDManager();
        int size = config.size();
        this.multiScale = new MultiScalePatchDiscriminator(3, config.width(), discriminatorScales(size));
        multiScale.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
        this.semantic = new ConditionalPatchDiscriminator(classes, config.width());
        this.texture = new ConditionalPatchDiscriminator(classes, config.width());
        for (ConditionalPatchDiscriminator d : List.of(semantic, texture)) {
            d.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size), new Shape(1, classes, size, size));
        }
        Adam.Settings adam = Adam.Settings.of(config.learningRateOr(2e-4f), 0.5f, 0.999f);
        optimise(adam, multiScale, semantic, texture);
    }

    /** Three scales (the paper's) when the coarsest is still big enough for a patch discriminator, else fewer. */
    static int discriminatorScales(int size) {
        int scales = 1;
        int side = size;
        while (scales < 3 && (side + 1) / 2 >= MIN_DISCRIMINATOR_SIDE) {
            side = (side + 1) / 2;
            scales++;
        }
        return scales;
    }

    /** Where a run keeps its palette. */
    public static Path paletteFile(Path runDirectory) {
        return runDirectory.resolve(PALETTE_FILE);
    }

    /** The run's palette, or null before the first step or a restored state. */
    ColourPalette palette() {
        return palette;
    }

    private void ensurePalette(BatchSource source) {
        if (palette != null) {
            return;
        }
        List<RgbImage> crops = new ArrayList<>(PALETTE_IMAGES);
        for (long b = 0; crops.size() < PALETTE_IMAGES; b++) {
            crops.addAll(source.batch(b).images());
        }
        usePalette(ColourPalette.fit(crops.subList(0, PALETTE_IMAGES), classes, PALETTE_SAMPLES_PER_IMAGE,
                PALETTE_ITERATIONS, config.seed()));
    }

    private void usePalette(ColourPalette p) {
        palette = p;
        try {
            Files.createDirectories(config.out());
            p.save(paletteFile(config.out()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the palette in " + config.out(), e);
        }
    }

    @Override
    public Map<String, Float> step(long step, BatchSource source) {
        ensurePalette(source);
        Batch batch = source.batch(step);
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            Labels labels = labels(scope, batch);
            ParameterStore ps = new ParameterStore(scope, false);
            Map<String, Float> losses = new LinkedHashMap<>();

            NDList out;
            NDArray image;
            NDArray seg;
            NDArray segProbabilities;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = generator.forward(ps, t.generatorInputs(), true);
                image = out.get(0);
                seg = NamedOutputs.get(out, "seg_s0");
                segProbabilities = seg.softmax(1);
                NDArray fake = image.stopGradient();
                NDArray dAdversarial = PatchGanLoss.discriminator(scores(multiScale, ps, t.truth()), scores(multiScale, ps, fake));
                NDArray dStructure = StructureCoherenceLoss.discriminator(
                        conditional(semantic, ps, t.truth(), labels.soft()), conditional(semantic, ps, fake, labels.soft()),
                        conditional(texture, ps, t.truth(), labels.soft()),
                        conditional(texture, ps, t.truth(), segProbabilities.stopGradient()));
                gc.backward(dAdversarial.add(dStructure));
                losses.put("d_patchgan", dAdversarial.getFloat());
                losses.put("d_structure", dStructure.getFloat());
            }
            optimisation().discriminators().step();

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                List<NDArray> images = new ArrayList<>(List.of(image));
                List<NDArray> segs = new ArrayList<>();
                for (int s = 1; s < SCALES; s++) {
                    images.add(NamedOutputs.get(out, "image_s" + s));
                }
                for (int s = 0; s < SCALES; s++) {
                    segs.add(NamedOutputs.get(out, "seg_s" + s));
                }
                NDArray l1 = MultiScaleL1.of(t.truth(), images);
                NDArray adversarial = PatchGanLoss.generator(scores(multiScale, ps, image));
                NDArray crossEntropy = SegmentationCrossEntropy.of(labels.oneHot(), segs);
                NDArray nonLocal = patchCoherence.of(image, seg, t.truth(), labels.hard(), t.holes(), pairing(step));
                NDArray structure = StructureCoherenceLoss.generator(conditional(semantic, ps, image, labels.soft()),
                        conditional(texture, ps, t.truth(), segProbabilities));
                NDArray total = l1.add(Scalars.mul(adversarial, ADVERSARIAL_WEIGHT)).add(Scalars.mul(crossEntropy, CROSS_ENTROPY_WEIGHT))
                        .add(Scalars.mul(nonLocal.add(structure), COHERENCE_WEIGHT));
                gc.backward(total);
                losses.put("g_total", total.getFloat());
                losses.put("g_l1", l1.getFloat());
                losses.put("g_adversarial", adversarial.getFloat());
                losses.put("g_cross_entropy", crossEntropy.getFloat());
                losses.put("g_patch_coherence", nonLocal.getFloat());
                losses.put("g_structure_coherence", structure.getFloat());
            }
            optimisation().generatorUpdated();
            return losses;
        }
    }

    /** The patch pairs of step {@code step}: drawn from the run's seed, so a resumed step draws the same pairs. */
    private SplittableRandom pairing(long step) {
        return new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + step);
    }

    /** Pseudo-labels of a batch: hard (N, H, W) int32, one-hot and window shares (N, K, H, W). */
    private record Labels(NDArray hard, NDArray oneHot, NDArray soft) {
    }

    private Labels labels(NDManager scope, Batch batch) {
        int n = batch.size();
        RgbImage first = batch.images().get(0);
        int w = first.width(), h = first.height(), plane = w * h;
        int[] hard = new int[n * plane];
        float[] soft = new float[n * classes * plane];
        for (int i = 0; i < n; i++) {
            ClassMap map = palette.label(batch.images().get(i), labelRadius);
            System.arraycopy(map.labels(), 0, hard, i * plane, plane);
            System.arraycopy(map.probabilities(), 0, soft, i * classes * plane, classes * plane);
        }
        NDArray labels = scope.create(hard, new Shape(n, h, w));
        return new Labels(labels, SegmentationCrossEntropy.oneHot(labels, classes), scope.create(soft, new Shape(n, classes, h, w)));
    }

    private static List<NDArray> scores(MultiScalePatchDiscriminator d, ParameterStore ps, NDArray image) {
        return d.forward(ps, new NDList(image), true);
    }

    private static NDArray conditional(ConditionalPatchDiscriminator d, ParameterStore ps, NDArray image, NDArray segmentation) {
        return d.forward(ps, new NDList(image, segmentation), true).singletonOrThrow();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        out.writeBoolean(palette != null);
        if (palette != null) {
            double[][] centres = palette.centres();
            out.writeInt(centres.length);
            for (double[] c : centres) {
                for (double v : c) {
                    out.writeDouble(v);
                }
            }
        }
        super.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        if (in.readBoolean()) {
            int k = in.readInt();
            if (k != classes) {
                throw new IOException("the saved palette has " + k + " colours, the generator " + classes + " classes");
            }
            double[][] centres = new double[k][3];
            for (double[] c : centres) {
                for (int d = 0; d < 3; d++) {
                    c[d] = in.readDouble();
                }
            }
            usePalette(new ColourPalette(centres));
        }
        super.loadState(in);
    }

    @Override
    public List<String> deviations() {
        List<String> lines = new ArrayList<>();
        lines.add("Trained at " + config.size() + " px with channel width " + config.width() + " (paper: 256 px) on CPU.");
        lines.add("Segmentation targets are " + classes + " colour classes from a global CIELAB palette fitted by k-means on the "
                + "training crops (" + PALETTE_FILE + " in the run directory), not human labels: a class is a colour family, "
                + "not an object category (docs/training-substitutes.md).");
        lines.add("Loss weights λ_α = " + ADVERSARIAL_WEIGHT + ", λ_xe = " + CROSS_ENTROPY_WEIGHT + ", λ_co = " + COHERENCE_WEIGHT
                + " are ours; the paper gives none. Optimizer (Adam 2e-4, β 0.5/0.999) is ours too.");
        lines.add("Eq. 6 is read as -log of the mean cosine similarity mapped to [0, 1] (as printed it rewards dissimilar "
                + "patches); Eq. 8 and 10 train the generator with the non-saturating -log D(fake).");
        int scales = multiScale.scaleCount();
        if (scales != 3) {
            lines.add("The multi-scale PatchGAN has " + scales + " scale(s), not 3: at " + config.size()
                    + " px a third would be smaller than one discriminator patch.");
        }
        lines.addAll(scheduleDeviations());
        return lines;
    }

    /** Registers the objective for "swap". */
    public static final class Factory implements ObjectiveFactory {

        @Override
        public String model() {
            return "swap";
        }

        @Override
        public Objective create(Model model, TrainingConfig config) {
            return new SwapObjective(model, config);
        }
    }
}
