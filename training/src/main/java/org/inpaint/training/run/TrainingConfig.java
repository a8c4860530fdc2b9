package org.inpaint.training.run;

import java.nio.file.Path;
import java.util.List;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.core.InpaintException;
import org.inpaint.training.masks.TrainingMasks;

/**
 * What a training run does.
 *
 * @param data            the dataset directory (searched recursively)
 * @param val             a separate validation directory, or null to split {@code data} by {@code valFraction}
 * @param out             the run directory: checkpoints, metrics.jsonl, plots, samples, manifest
 * @param maxScale        crops take a side in [size, size · maxScale] of the photo before resizing to size
 * @param criticSteps     critic updates per generator update for the WGAN objectives (5 in the papers)
 * @param checkpointEvery steps between checkpoints (each one also measures the validation set)
 * @param sampleEvery     steps between sample grids and plot updates
 * @param keepLast        how many recent checkpoints to keep besides the best
 * @param valImages       at most this many validation photos are measured
 * @param learningRate    overrides the paper's Adam learning rate when positive (0 = the paper's)
 * @param moreData        further photo directories trained on together with {@code data}
 * @param prefill         what the generator reads in the holes: "none" (zeros, the papers) or "ns"/"telea", a
 *                        classical prefill it learns a residual over
 * @param recipe          "paper" (the paper's objective) or "reconstruction" (hole L1 with a cosine learning rate
 *                        and weight averaging, the same for every network)
 * @param precision       "fp32", "bf16" (the training step's convolutions in bfloat16) or "exact" (bit-reproducible; {@link Precision})
 * @param startSize       progressive resizing: the first {@code startSteps} steps train on crops of this side, the
 *                        rest at {@code size}; validation is always at {@code size} (0 = every step at {@code size})
 * @param startSteps      how many steps train at {@code startSize}
 * @param initFrom        a warm start: a stored model version ({@code models/<network>/vNNNN} or a run's export) whose
 *                        weights the generator starts from instead of random ones, with fresh optimizer state and
 *                        schedule; it must be the same network, width and prefill (null = random weights from the seed)
 * @param pixelLoss       the reconstruction recipe's pixel term: "l1" (mean absolute error), "l2" (mean squared
 *                        error, what PSNR measures) or "psnr" (each image's hole PSNR, averaged: every image counts
 *                        the same in decibels, as in the evaluation)
 * @param normalisation   normalisation layers added to the generator's layer plan: "none" (as built) or "instance"
 *                        (SWAP and DeepFill: {@link Normalisation})
 * @param headSkip        what the generator's image heads read besides the decoder: "none" (as built), "encoder" or "unet"
 *                        (SWAP and DeepFill: {@link HeadSkip})
 * @param rimTaper        the reconstruction recipe trains and measures the fill as it is served with a rim taper of
 *                        this many pixels (a residual over the prefill faded in over the hole's rim, {@link RimTaper});
 *                        0 = the network's output as it is
 * @param masks           the holes the reconstruction recipe trains on ({@link TrainingMasks}: "measured", the
 *                        default, or "free-form", each optionally with per-bin weights such as "free-form:2,1,1,1,1")
 * @param valMasks        the holes validation measures: "measured" (the default: one per photo from the evaluation's
 *                        families) or "bins" (one free-form hole per photo and hole-ratio bin, as a promotion draws
 *                        them, so the weight set and the best checkpoint are chosen by what a promotion measures)
 */
public record TrainingConfig(String model, Path data, Path val, double valFraction, Path out, int size, double width,
                             int batch, long steps, long seed, double maxScale, int criticSteps, int checkpointEvery,
                             int sampleEvery, int keepLast, int valImages, boolean resume,
                             double learningRate, List<Path> moreData, String prefill, String recipe,
                             String precision, int startSize, long startSteps, Path initFrom,
                             String pixelLoss, String normalisation, String headSkip, int rimTaper,
                             String masks, String valMasks) {

    /** The objectives a run can use. */
    public static final List<String> RECIPES = List.of("paper", "reconstruction");
    /** The pixel terms the reconstruction recipe can use. */
    public static final List<String> PIXEL_LOSSES = List.of("l1", "l2", "psnr");
    /** The holes validation can measure. */
    public static final List<String> VAL_MASKS = List.of("measured", "bins");

    public TrainingConfig {
        require(model != null && !model.isBlank(), "model", "is required");
        require(data != null, "data", "is required");
        require(out != null, "out", "is required");
        require(size >= 32 && size <= 1024, "size", "must be in [32, 1024], got " + size);
        require(width > 0 && width <= 2, "width", "must be in (0, 2], got " + width);
        require(batch >= 1 && batch <= 256, "batch", "must be in [1, 256], got " + batch);
        require(steps >= 1, "steps", "must be at least 1, got " + steps);
        require(valFraction >= 0 && valFraction < 1, "valFraction", "must be in [0, 1), got " + valFraction);
        require(maxScale >= 1 && maxScale <= 4, "maxScale", "must be in [1, 4], got " + maxScale);
        require(criticSteps >= 0 && criticSteps <= 20, "criticSteps", "must be in [0, 20], got " + criticSteps);
        require(checkpointEvery >= 1, "checkpointEvery", "must be at least 1");
        require(sampleEvery >= 1, "sampleEvery", "must be at least 1");
        require(keepLast >= 1, "keepLast", "must be at least 1");
        require(valImages >= 0, "valImages", "must not be negative");
        require(learningRate >= 0 && learningRate < 1, "learningRate", "must be in [0, 1), got " + learningRate);
        moreData = moreData == null ? List.of() : List.copyOf(moreData);
        prefill = Prefill.of(prefill).label();
        recipe = recipe == null || recipe.isBlank() ? "paper" : recipe;
        require(RECIPES.contains(recipe), "recipe", "must be one of " + String.join(", ", RECIPES) + ", got '" + recipe + "'");
        Precision arithmetic = Precision.of(precision, "precision");
        require(arithmetic.isNativeOn(CpuFeatures.local()), "precision", "bf16, but " + CpuFeatures.NO_BF16
                + ": emulated, a step would take many times as long as in fp32; use fp32");
        precision = arithmetic.label();
        if (startSize == 0) {
            require(startSteps == 0, "startSteps", "needs a startSize, got " + startSteps + " steps without one");
        } else {
            require(startSize >= 32 && startSize < size, "startSize", "must be in [32, size = " + size + "), got " + startSize);
            require(startSteps >= 1 && startSteps <= steps, "startSteps",
                    "must be in [1, steps = " + steps + "] with a startSize, got " + startSteps);
            require(recipe.equals("reconstruction"), "startSize",
                    "needs the reconstruction recipe (the paper objectives' critics are built for one size), got '" + recipe + "'");
        }
        pixelLoss = pixelLoss == null || pixelLoss.isBlank() ? "l1" : pixelLoss;
        require(PIXEL_LOSSES.contains(pixelLoss), "pixelLoss", "must be one of " + String.join(", ", PIXEL_LOSSES)
                + ", got '" + pixelLoss + "'");
        require(pixelLoss.equals("l1") || recipe.equals("reconstruction"), "pixelLoss",
                "'" + pixelLoss + "' needs the reconstruction recipe (the paper objectives keep their own terms), got '" + recipe + "'");
        normalisation = Normalisation.of(normalisation, "normalisation").label();
        headSkip = HeadSkip.of(headSkip, "headSkip").label();
        boolean tapered = !new RimTaper(rimTaper).isNone(); // the range check names rimTaper
        require(!tapered || !prefill.equals("none"), "rimTaper",
                "fades a residual over a prefill in, and this run has none (set prefill to ns or telea)");
        require(!tapered || recipe.equals("reconstruction"), "rimTaper",
                "needs the reconstruction recipe (the paper objectives keep their own terms), got '" + recipe + "'");
        TrainingMasks holes = TrainingMasks.of(masks, "masks");
        masks = holes.label();
        require(holes.isMeasured() || recipe.equals("reconstruction"), "masks",
                "needs the reconstruction recipe (the paper objectives train on their papers' holes), got '" + recipe + "'");
        valMasks = valMasks == null || valMasks.isBlank() ? "measured" : valMasks;
        require(VAL_MASKS.contains(valMasks), "valMasks", "must be one of " + String.join(", ", VAL_MASKS) + ", got '" + valMasks + "'");
    }

    /** Whether validation measures one free-form hole per photo and hole-ratio bin. */
    public boolean validatesByBin() {
        return valMasks.equals("bins");
    }

    /** The holes the reconstruction recipe trains on. */
    public TrainingMasks masksSetting() {
        return TrainingMasks.of(masks, "masks");
    }

    /** The rim taper the fill is trained, measured and served with. */
    public RimTaper rimTaperSetting() {
        return new RimTaper(rimTaper);
    }

    /** The crop side step {@code step} (0-based) trains at. */
    public int sizeAt(long step) {
        return step < startSteps ? startSize : size;
    }

    /**
     * The work left after {@code done} steps, counted in steps at the side of the last step done (the side the
     * current rate was measured at) and weighed by pixels, a step at half the side counting a quarter: what an ETA
     * from the current rate multiplies.
     */
    public double workLeft(long done) {
        return workLeft(done, steps, size, startSize, startSteps);
    }

    /** {@link #workLeft(long)} from a run's settings as its manifest records them. */
    public static double workLeft(long done, long steps, int size, int startSize, long startSteps) {
        if (done >= steps) {
            return 0;
        }
        if (startSize <= 0) {
            return steps - done;
        }
        long small = Math.max(0, startSteps - done);
        long full = steps - done - small;
        double unit = Math.max(0, done - 1) < startSteps ? startSize : size;
        return small * Math.pow(startSize / unit, 2) + full * Math.pow(size / unit, 2);
    }

    /** Whether the run starts at a smaller size (progressive resizing). */
    public boolean progressive() {
        return startSize > 0;
    }

    /** The precision of the training step's convolutions. */
    public Precision precisionSetting() {
        return Precision.of(precision, "precision");
    }

    /** The prefill setting as an enum. */
    public Prefill prefillSetting() {
        return Prefill.of(prefill);
    }

    /** The generator's layer plan: normalisation and head skip. */
    public LayerPlan layerPlan() {
        return LayerPlan.of(normalisation, headSkip);
    }

    /** {@code data} then {@code moreData}. */
    public List<Path> allData() {
        List<Path> all = new java.util.ArrayList<>();
        all.add(data);
        all.addAll(moreData);
        return all;
    }

    /** Defaults for everything but the essentials. */
    public static TrainingConfig of(String model, Path data, Path out, int size, long steps) {
        return new TrainingConfig(model, data, null, 0.1, out, size, 1.0, 8, steps, 1, 1.5, 5,
                (int) Math.max(1, Math.min(500, steps / 4)), (int) Math.max(1, Math.min(100, steps / 10)), 3, 16, false, 0, List.of(), null, null,
                null, 0, 0, null, null, null, null, 0, null, null);
    }

    /** The paper's learning rate unless this run overrides it. */
    public float learningRateOr(float paper) {
        return learningRate > 0 ? (float) learningRate : paper;
    }

    public TrainingConfig withWidth(double w) {
        return toBuilder().width(w).build();
    }

    public TrainingConfig withBatch(int b) {
        return toBuilder().batch(b).build();
    }

    public TrainingConfig withResume(boolean r) {
        return toBuilder().resume(r).build();
    }

    public TrainingConfig withSteps(long s) {
        return toBuilder().steps(s).build();
    }

    public TrainingConfig withSchedule(int checkpointEvery, int sampleEvery) {
        return toBuilder().checkpointEvery(checkpointEvery).sampleEvery(sampleEvery).build();
    }

    public TrainingConfig withCriticSteps(int n) {
        return toBuilder().criticSteps(n).build();
    }

    public TrainingConfig withValidation(Path dir, int images) {
        return toBuilder().val(dir).valImages(images).build();
    }

    public TrainingConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public TrainingConfig withLearningRate(double lr) {
        return toBuilder().learningRate(lr).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some fields of a configuration; {@link #build} validates the result. */
    public static final class Builder {
        private String model;
        private Path data;
        private Path val;
        private double valFraction;
        private Path out;
        private int size;
        private double width;
        private int batch;
        private long steps;
        private long seed;
        private double maxScale;
        private int criticSteps;
        private int checkpointEvery;
        private int sampleEvery;
        private int keepLast;
        private int valImages;
        private boolean resume;
        private double learningRate;
        private List<Path> moreData;
        private String prefill;
        private String recipe;
        private String precision;
        private int startSize;
        private long startSteps;
        private Path initFrom;
        private String pixelLoss;
        private String normalisation;
        private String headSkip;
        private int rimTaper;
        private String masks;
        private String valMasks;

        private Builder(TrainingConfig c) {
            model = c.model; data = c.data; val = c.val; valFraction = c.valFraction; out = c.out; size = c.size;
            width = c.width; batch = c.batch; steps = c.steps; seed = c.seed; maxScale = c.maxScale;
            criticSteps = c.criticSteps; checkpointEvery = c.checkpointEvery; sampleEvery = c.sampleEvery;
            keepLast = c.keepLast; valImages = c.valImages; resume = c.resume; learningRate = c.learningRate;
            moreData = c.moreData; prefill = c.prefill; recipe = c.recipe; precision = c.precision;
            startSize = c.startSize; startSteps = c.startSteps; initFrom = c.initFrom; pixelLoss = c.pixelLoss;
            normalisation = c.normalisation; headSkip = c.headSkip; rimTaper = c.rimTaper;
            masks = c.masks;
            valMasks = c.valMasks;
        }

        public Builder val(Path v) { this.val = v; return this; }
        public Builder out(Path v) { this.out = v; return this; }
        public Builder valFraction(double v) { this.valFraction = v; return this; }
        public Builder width(double v) { this.width = v; return this; }
        public Builder batch(int v) { this.batch = v; return this; }
        public Builder steps(long v) { this.steps = v; return this; }
        public Builder seed(long v) { this.seed = v; return this; }
        public Builder criticSteps(int v) { this.criticSteps = v; return this; }
        public Builder checkpointEvery(int v) { this.checkpointEvery = v; return this; }
        public Builder sampleEvery(int v) { this.sampleEvery = v; return this; }
        public Builder keepLast(int v) { this.keepLast = v; return this; }
        public Builder valImages(int v) { this.valImages = v; return this; }
        public Builder resume(boolean v) { this.resume = v; return this; }
        public Builder learningRate(double v) { this.learningRate = v; return this; }
        public Builder maxScale(double v) { this.maxScale = v; return this; }
        public Builder moreData(List<Path> v) { this.moreData = v; return this; }
        public Builder prefill(String v) { this.prefill = v; return this; }
        public Builder recipe(String v) { this.recipe = v; return this; }
        public Builder precision(String v) { this.precision = v; return this; }
        public Builder start(int size, long steps) { this.startSize = size; this.startSteps = steps; return this; }
        public Builder initFrom(Path v) { this.initFrom = v; return this; }
        public Builder pixelLoss(String v) { this.pixelLoss = v; return this; }
        public Builder normalisation(String v) { this.normalisation = v; return this; }
        public Builder headSkip(String v) { this.headSkip = v; return this; }
        public Builder rimTaper(int v) { this.rimTaper = v; return this; }
        public Builder masks(String v) { this.masks = v; return this; }
        public Builder valMasks(String v) { this.valMasks = v; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, seed, maxScale,
                    criticSteps, checkpointEvery, sampleEvery, keepLast, valImages, resume, learningRate, moreData, prefill, recipe,
                    precision, startSize, startSteps, initFrom, pixelLoss, normalisation, headSkip, rimTaper, masks, valMasks);
        }
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, message);
        }
    }
}
