package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.BatchSource;
import org.inpaint.inference.neural.ops.ExactGradients;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.training.masks.MaskSampler;
import org.inpaint.training.optim.Adam;
import org.inpaint.training.optim.WeightAverage;
import org.inpaint.training.run.Architectures;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * One objective for every network, aimed at what the evaluation measures (beyond the papers): the mean absolute
 * error over the hole pixels, plus a tenth of it over the known pixels, plus half the hole error of a coarse
 * stage's output where the network has one (absolute error by default; squared error or per-image PSNR with the
 * run's pixel loss, {@link PixelTerm}). No adversarial, perceptual or style terms: at a CPU budget they cost
 * PSNR (see the model cards of the paper objectives). Adam (β1 0.9) with a linear warm-up over the first 2 % of
 * the steps and a cosine decay to 2 % of the rate, and an exponential average of the weights (decay 0.999), which
 * validation measures beside the trained weights: the better of the two is what the exported model holds.
 *
 * <p>Masks come from the run's {@code masks} setting ({@link org.inpaint.training.masks.TrainingMasks}): by default
 * the evaluation's families, hole ratios spread over (0.1, 0.6]: free-form strokes from one of the five bins (70 %),
 * one rectangle (20 %), the centred square over a quarter of the image (10 %); or free-form strokes only.
 */
public final class ReconstructionObjective implements Objective {

    static final float DEFAULT_LEARNING_RATE = 1e-3f;
    static final float KNOWN_WEIGHT = 0.1f;
    static final float COARSE_WEIGHT = 0.5f;
    static final float AVERAGE_DECAY = 0.999f;
    static final double WARM_UP = 0.02;
    static final double FINAL_RATE = 0.02;

    private final Model model;
    private final TrainingConfig config;
    private final Block generator;
    private final Adam adam;
    private final WeightAverage average;
    /** The measure the loss takes of the pixel error (the logged terms stay L1, comparable across runs). */
    private final PixelTerm pixelTerm;

    public ReconstructionObjective(Model model, TrainingConfig config) {
        this.model = model;
        this.config = config;
        this.generator = Architectures.byName(config.model())
                .buildInto(model, config.width(), config.prefillSetting(), config.layerPlan(), config.size());
        this.adam = new Adam(Adam.Settings.of(config.learningRateOr(DEFAULT_LEARNING_RATE), 0.9f, 0.999f),
                model.getNDManager(), generator);
        this.average = new WeightAverage(model.getNDManager(), generator, AVERAGE_DECAY);
        this.pixelTerm = PixelTerm.of(config.pixelLoss());
    }

    @Override
    public Block generator() {
        return generator;
    }

    @Override
    public MaskSampler masks() {
        return config.masksSetting().sampler();
    }

    @Override
    public int batchesPerStep() {
        return 1;
    }

    /** The learning rate at {@code step}: linear warm-up, then a cosine decay to {@link #FINAL_RATE} of the peak. */
    static float rate(float peak, long step, long steps) {
        double warm = Math.max(1, WARM_UP * steps);
        if (step < warm) {
            return (float) (peak * (step + 1) / warm);
        }
        double progress = Math.min(1, (step - warm) / Math.max(1, steps - warm));
        return (float) (peak * (FINAL_RATE + (1 - FINAL_RATE) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }

    @Override
    public Map<String, Float> step(long step, BatchSource source) {
        Batch batch = source.batch(step);
        adam.learningRate(rate(adam.settings().learningRate(), step, config.steps()));
        Map<String, Float> losses = backward(batch);
        if (!adam.step()) {
            // a non-finite gradient (oneDNN's rare NaN weight gradient, see ExactGradients): the same batch again on
            // the exact path, so no update is lost
            try (Precision.Scope exact = ExactGradients.enter()) {
                losses = backward(batch);
            }
            if (!adam.step()) {
                losses.put("g_total", Float.NaN); // the trainer reports and counts a step whose update was refused
                return losses;
            }
        }
        average.update();
        return losses;
    }

    /** Forward and backward of one batch, the gradients left on the parameters; the losses by name. */
    private Map<String, Float> backward(Batch batch) {
        Map<String, Float> losses = new LinkedHashMap<>();
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            ParameterStore ps = new ParameterStore(scope, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList outputs = generator.forward(ps, t.generatorInputs(), true);
                NDArray fill = t.served(outputs.get(0), config.rimTaperSetting());
                NDArray hole = MaskedL1.of(fill, t.truth(), t.holes());
                NDArray known = MaskedL1.of(fill, t.truth(), t.known());
                NDArray total = pixelTerm.of(fill, t.truth(), t.holes(), t.known(), KNOWN_WEIGHT);
                NDArray coarse = outputs.get("coarse");
                if (coarse != null) {
                    NDArray coarseHole = MaskedL1.of(coarse, t.truth(), t.holes());
                    total = total.add(Scalars.mul(pixelTerm.of(coarse, t.truth(), t.holes(), t.known(), 0), COARSE_WEIGHT));
                    losses.put("g_coarse_hole_l1", coarseHole.getFloat());
                }
                gc.backward(total);
                losses.put("g_total", total.getFloat());
                losses.put("g_hole_l1", hole.getFloat());
                losses.put("g_known_l1", known.getFloat());
                if (!batch.prefilled().isEmpty()) {
                    // the floor on this batch: g_hole_l1 below it is what the residual has learned so far
                    losses.put("prefill_hole_l1", MaskedL1.of(t.input(), t.truth(), t.holes()).getFloat());
                }
            }
        }
        return losses;
    }

    @Override
    public void weightsLoaded() {
        adam.rebind();
        average.restartFromWeights();
    }

    @Override
    public boolean averagesWeights() {
        return true;
    }

    @Override
    public AutoCloseable averagedWeights() {
        return average.swapIn();
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        adam.save(out);
        average.save(out);
    }

    @Override
    public void loadState(DataInputStream in) throws IOException {
        adam.load(in);
        average.load(in);
    }

    @Override
    public List<String> deviations() {
        List<String> lines = new ArrayList<>();
        lines.add("Trained at " + config.size() + " px with channel width " + config.width() + " (paper: 256 px, width 1) on CPU.");
        lines.add("Objective: " + pixelTerm.description() + ", "
                + "Adam 0.9/0.999 at " + config.learningRateOr(DEFAULT_LEARNING_RATE) + " with warm-up and cosine decay, "
                + "weights averaged (decay " + AVERAGE_DECAY + ", served when they measure better than the trained weights); the paper's adversarial, perceptual and style terms are "
                + "left out because at this CPU budget they lower PSNR.");
        if (config.prefillSetting() != org.inpaint.inference.neural.Prefill.NONE) {
            lines.add("Holes prefilled by OpenCV " + config.prefill() + " (radius 5); the network predicts a residual over the "
                    + "prefill, its output layer initialised to zero (not in the paper).");
        }
        if (!config.rimTaperSetting().isNone()) {
            lines.add("Trained under its rim taper: the loss measured the fill as it is served, the residual faded in over the "
                    + "hole's first " + config.rimTaper() + " px, so the network was not asked to correct the prefill next to "
                    + "the known pixels (not in the paper).");
        }
        if (!config.masksSetting().isMeasured()) {
            lines.add(config.masksSetting().deviation());
        }
        return lines;
    }

    @Override
    public void close() {
        adam.close();
        average.close();
    }

    /** Registers the objective for every network under the recipe "reconstruction". */
    public static final class Factory implements ObjectiveFactory {

        @Override
        public String model() {
            return ANY_MODEL;
        }

        @Override
        public String recipe() {
            return "reconstruction";
        }

        @Override
        public Objective create(Model model, TrainingConfig config) {
            Architectures.byName(config.model());
            return new ReconstructionObjective(model, config);
        }
    }
}
