package org.inpaint.training.run;

import static org.inpaint.training.run.Validator.beats;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.Tensors;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.data.ImageDataset;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.data.ValidationSet;
import org.inpaint.training.masks.HoleRatioBin;
import org.inpaint.training.masks.MixedMasks;
import org.inpaint.training.objectives.BatchTensors;
import org.inpaint.training.run.Validator.Best;
import org.inpaint.training.run.Validator.Measured;
import org.inpaint.training.run.Validator.Scores;

/**
 * Runs one training run: data, the paper's objective, the loop, progress, metrics, plots, sample grids,
 * checkpoints and the exported model. Single-threaded and blocking; callers (the CLI, the trainer verticle) run it
 * on a thread of their own and stop it through {@code stopRequested}.
 *
 * <p>Layout of the run directory: {@code manifest.json}, {@code metrics.jsonl}, {@code loss.png},
 * {@code samples/step-N.png}, {@code checkpoints/step-N/}, {@code checkpoints/best/}, and at the end
 * {@code model/<network>/v0001/} (parameters and model card, ready to copy into the models directory).
 */
public final class Trainer {

    /** How a checkpoint event's message begins when it is the best so far (what a status view marks). */
    public static final String BEST_SO_FAR = "best so far";

    /** A run fails after this many consecutive steps with a non-finite loss. */
    static final int MAX_NON_FINITE_STEPS = 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How a run ended. */
    public record Result(String state, long step, Path runDirectory, Optional<StoredModel> model, Double bestValL1) {
    }

    private final TrainingConfig config;
    private final Consumer<Progress> listener;

    public Trainer(TrainingConfig config, Consumer<Progress> listener) {
        this.config = config;
        this.listener = listener;
    }

    public Result run(BooleanSupplier stopRequested) {
        // PyTorch's grad mode is per thread and on in a new thread; forwards outside a gradient collector must not
        // record graphs (the engine first, which loads the native library the call needs)
        ai.djl.engine.Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        Path out = config.out();
        ObjectiveFactory factory = ObjectiveFactory.forModel(config.model(), config.recipe());
        NetworkArchitecture architecture = Architectures.byName(config.model());
        requireSideFits(architecture, "size", config.size());
        if (config.progressive()) {
            requireSideFits(architecture, "startSize", config.startSize());
        }
        Optional<StoredModel> initial = Optional.ofNullable(config.initFrom()).map(this::warmStartVersion);
        Checkpoints checkpoints = new Checkpoints(out, config.keepLast());
        if (!config.resume() && checkpoints.latest().isPresent()) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "out", out + " already holds checkpoints of a run; "
                    + "pass --resume to continue it or choose another directory");
        }
        long resumesAt = config.resume() ? checkpoints.latest().map(c -> c.info().step()).orElse(0L) : 0L;
        // an export-only pass (a run at its last step) trains nothing and may read a directory a trainer holds
        RunLock lock = resumesAt < config.steps() ? RunLock.acquire(out) : null;
        try {
            return train(out, factory, architecture, initial, checkpoints, stopRequested);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    private Result train(Path out, ObjectiveFactory factory, NetworkArchitecture architecture,
                         Optional<StoredModel> initial, Checkpoints checkpoints, BooleanSupplier stopRequested) {
        ImageDataset dataset = ImageDataset.scanAll(config.allData());
        List<Path> trainFiles;
        List<Path> valFiles;
        ImageDataset valDataset = dataset;
        if (config.val() != null) {
            valDataset = ImageDataset.scan(config.val());
            trainFiles = dataset.files();
            valFiles = valDataset.files();
        } else {
            ImageDataset.Split split = dataset.split(config.valFraction(), config.seed());
            trainFiles = split.train();
            valFiles = split.val();
        }
        PhotoCache train = PhotoCache.load(dataset, trainFiles, config.size(), config.maxScale());
        PhotoCache val = PhotoCache.load(valDataset, valFiles, config.size(), 1.0);
        writeManifest(out, train, val);

        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) config.seed()); // same initial weights
        try (Model model = Model.newInstance(config.model(), "PyTorch");
             Objective objective = factory.create(model, config);
             ScheduledBatches batches = new ScheduledBatches(config, side -> BatchSource.prefetching(
                     side == config.size() ? train : PhotoCache.load(dataset, trainFiles, side, config.maxScale()),
                     objective.masks(), side, config.batch(), config.maxScale(), config.seed(), config.prefillSetting()))) {
            Block generator = objective.generator();
            ValidationSet validation = config.validatesByBin()
                    ? ValidationSet.perBin(val, HoleRatioBin.PAPER_BINS, config.size(), config.valImages(), config.seed(), config.prefillSetting())
                    : ValidationSet.of(val, MixedMasks.measuredFamilies(), config.size(), config.valImages(), config.seed(),
                    config.prefillSetting());
            MetricsLog metrics = new MetricsLog(out);
            long start = 0;
            Best best = Best.NONE;
            TimeSpent spent = TimeSpent.fromStart(CpuClock.available());
            if (config.resume()) {
                Optional<Checkpoints.Saved> last = checkpoints.latest();
                if (last.isPresent()) {
                    Checkpoints.restore(last.get(), generator, objective, model.getNDManager());
                    start = last.get().info().step();
                    best = new Best(last.get().info().bestValL1(), last.get().info().bestValPsnr());
                    spent = TimeSpent.resumed(last.get().info(), CpuClock.available());
                }
            }
            if (start == 0 && initial.isPresent()) {
                loadWarmStart(architecture, initial.get(), generator, model);
                objective.weightsLoaded();
            }
            if (start < config.steps()) {
                // steps the logs record past the checkpoint are retraced; an export-only pass (`train --export-best`)
                // retraces none, and must leave alone the logs of a run that may still be training in this directory
                metrics.truncateAfter(start);
                ValidationLog.truncateAfter(out, start == 0 ? -1 : start);
            }
            listener.accept(new Progress("started", start, config.steps(), Map.of(), 0, 0, null, null,
                    (start > 0 ? "resumed at step " + start + ": " : "") + train.size() + " training photos, "
                            + validation.size() + " validation cases"));
            if (start == 0 && initial.isPresent() && !validation.isEmpty()) {
                validateWarmStart(model, generator, objective, validation, initial.get(), spent);
            }
            long step = start;
            double rate = 0;
            int nonFinite = 0;
            Map<String, Float> reported = Map.of();
            Map<String, Float> losses = Map.of();
            while (step < config.steps()) {
                if (stopRequested.getAsBoolean()) {
                    break;
                }
                long t0 = System.nanoTime();
                double cpu0 = CpuClock.seconds();
                try (Precision.Scope precision = config.precisionSetting().enter()) {
                    losses = objective.step(step, batches.at(step));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                spent = spent.plus(seconds, CpuClock.seconds() - cpu0);
                String bad = losses.entrySet().stream().filter(e -> !Float.isFinite(e.getValue())).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                if (bad != null) {
                    // the optimizers refused the non-finite gradients, so the weights are intact
                    nonFinite++;
                    if (nonFinite >= MAX_NON_FINITE_STEPS) {
                        throw new IllegalStateException("loss " + bad + " was not finite for " + nonFinite
                                + " steps in a row, up to step " + step);
                    }
                    listener.accept(new Progress("warning", step, config.steps(), Map.of(), rate, 0, null, null,
                            "loss " + bad + " was not finite at step " + step + "; its update was skipped"));
                } else {
                    nonFinite = 0;
                    reported = losses;
                }
                if (step > start && config.sizeAt(step) != config.sizeAt(step - 1)) {
                    rate = 0; // the first step at a new side: the smoothed rate starts again
                }
                step++;
                double instant = config.batch() * objective.batchesPerStep() / seconds;
                rate = rate == 0 ? instant : 0.9 * rate + 0.1 * instant;
                double eta = config.workLeft(step) * config.batch() * objective.batchesPerStep() / rate;
                if (bad == null) {
                    metrics.append(step, losses, rate);
                }
                listener.accept(new Progress("step", step, config.steps(), reported, rate, eta, null, null, null));
                if (step % config.sampleEvery() == 0 || step == config.steps()) {
                    writeSamples(model, generator, objective, checkpoints, validation, batches.at(step - 1), out, step);
                    LossPlot.write(metrics.read(), out.resolve("loss.png"));
                    listener.accept(new Progress("sample", step, config.steps(), reported, rate, eta,
                            "samples/" + sampleName(step), null, null));
                }
                if (step % config.checkpointEvery() == 0 || step == config.steps()) {
                    best = checkpoint(model, generator, objective, checkpoints, validation, step, best, spent, reported, rate, eta);
                }
            }
            boolean stopped = step < config.steps();
            if (stopped && checkpoints.latest().map(c -> c.info().step()).orElse(-1L) != step && step > start) {
                best = checkpoint(model, generator, objective, checkpoints, validation, step, best, spent, reported, rate, 0);
            }
            Optional<StoredModel> exported = stopped ? Optional.empty()
                    : Optional.of(new VersionExport(config, architecture, initial)
                    .export(model, generator, objective, checkpoints, validation, train, step, best));
            listener.accept(new Progress(stopped ? "stopped" : "finished", step, config.steps(), reported, rate, 0,
                    exported.map(m -> relative(out, m.directory())).orElse(null), best.l1(),
                    stopped ? "stopped at step " + step + "; continue with --resume" : "finished"));
            return new Result(stopped ? "stopped" : "finished", step, out, exported, best.l1());
        }
    }

    /** The stored version a warm start begins from, checked to be this run's network, width, prefill and layer plan. */
    private StoredModel warmStartVersion(Path directory) {
        StoredModel version = WeightStore.read(directory, "initFrom");
        ModelCard card = version.card();
        String mismatch = !card.architecture().equals(config.model()) ? "network " + card.architecture()
                : card.width() > config.width() ? "width " + card.width() + " (a warm start can widen a network, not narrow it)"
                : card.prefillSetting() != config.prefillSetting() ? "prefill " + card.prefill()
                : card.layerPlan().normalisation() != config.layerPlan().normalisation() ? "normalisation " + card.normalisation()
                : card.layerPlan().headSkip() != config.layerPlan().headSkip() ? "head skip " + card.headSkip()
                : null;
        if (mismatch != null) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "initFrom", directory + " holds a version of " + mismatch
                    + "; a warm start needs the run's own (" + config.model() + ", width " + config.width() + ", prefill "
                    + config.prefill() + ", normalisation " + config.normalisation() + ", head skip " + config.headSkip() + ")");
        }
        return version;
    }

    /**
     * The stored version's weights into {@code generator}: as they are at the run's width, or carried into the wider
     * network by {@link Widening} when the version is narrower.
     */
    private void loadWarmStart(NetworkArchitecture architecture, StoredModel version, Block generator, Model model) {
        if (version.card().width() == config.width()) {
            WeightStore.load(version, generator, model.getNDManager());
            return;
        }
        if (ChannelLayout.of(generator).isEmpty()) {
            throw InpaintException.badInput("initFrom", version.directory() + " holds a version of width " + version.card().width()
                    + " and " + config.model() + " cannot be widened (its layers do not say how their channels are laid out), so a "
                    + "warm start needs the run's own width " + config.width());
        }
        try (Model narrowModel = Model.newInstance(config.model() + "-narrow", "PyTorch")) {
            Block narrow = architecture.buildInto(narrowModel, version.card());
            WeightStore.load(version, narrow, narrowModel.getNDManager());
            Widening.widen(narrow, generator, new Random(config.seed()));
        }
    }

    /** A crop side the network takes: a multiple of its {@link NetworkArchitecture#sizeMultiple()}. */
    private void requireSideFits(NetworkArchitecture architecture, String field, int side) {
        if (side % architecture.sizeMultiple() != 0) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, config.model() + " needs a size that is a multiple of "
                    + architecture.sizeMultiple() + ", got " + side);
        }
    }

    private Best checkpoint(Model model, Block generator, Objective objective, Checkpoints checkpoints,
                            ValidationSet validation, long step, Best best, TimeSpent spent,
                            Map<String, Float> losses, double rate, double eta) {
        Double valL1 = null;
        Double valPsnr = null;
        Measured measured = null;
        Map<String, Double> gainsByBin = Map.of();
        if (!validation.isEmpty()) {
            measured = Validator.measure(model, generator, objective, validation, step, config.pixelLoss(),
                    config.rimTaperSetting());
            valL1 = measured.chosen().holeL1();
            valPsnr = measured.chosen().psnr();
            gainsByBin = validation.byBin() ? measured.chosen().gainsOver(validation.baselineByGroup()) : Map.of();
            ValidationLog.append(config.out(), step, spent.wallSeconds(), spent.cpuSeconds(), measured.chosen().holeL1(),
                    measured.chosen().psnr(), validation.baselinePsnr(), measured.weights().label(), measured.psnrs(),
                    gainsByBin);
        }
        boolean isBest = beats(config.pixelLoss(), valL1, valPsnr, best);
        Best newBest = isBest ? new Best(valL1, valPsnr) : best;
        Checkpoints.Saved saved = checkpoints.save(new Checkpoints.Info(step, valL1, newBest.l1(), spent.wallSeconds(), valPsnr,
                newBest.psnr(), spent.cpuSeconds(), measured == null ? null : measured.weights(),
                measured == null ? null : measured.psnrs()), generator, objective, isBest);
        String byBin = gainsByBin.isEmpty() ? null
                : "gain over NS by bin " + bins(gainsByBin) + " (" + measured.weights().label() + " weights)";
        String note = isBest ? (byBin == null ? BEST_SO_FAR : BEST_SO_FAR + "; " + byBin) : byBin;
        Progress.Gains gains = measured == null ? null
                : new Progress.Gains(valPsnr - validation.baselinePsnr(), measured.weights().label(), gainsByBin);
        listener.accept(new Progress("checkpoint", step, config.steps(), losses, rate, eta,
                relative(config.out(), saved.directory()), valL1, note, gains));
        return newBest;
    }

    /**
     * A warm start's own score, before its first step, logged as step 0 of {@code val.jsonl}: the curve then starts
     * where the loaded version stood on the same cases, and a cycle's gain is read off it. Its weights and their
     * average are the same at step 0, so one set is measured.
     */
    private void validateWarmStart(Model model, Block generator, Objective objective, ValidationSet validation,
                                   StoredModel from, TimeSpent spent) {
        WeightSet set = WeightSet.candidates(objective).get(0);
        Scores scores;
        try (AutoCloseable weights = set.enter(objective)) {
            scores = Validator.score(model, generator, validation, config.rimTaperSetting());
        } catch (Exception e) {
            throw new IllegalStateException("validation of the warm start " + from.directory() + " failed: " + e.getMessage(), e);
        }
        Map<String, Double> byBin = validation.byBin() ? scores.gainsOver(validation.baselineByGroup()) : Map.of();
        ValidationLog.append(config.out(), 0, 0, spent.cpuSeconds(), scores.holeL1(), scores.psnr(), validation.baselinePsnr(),
                set.label(), Map.of(set.label(), scores.psnr()), byBin);
        listener.accept(new Progress("validated", 0, config.steps(), Map.of(), 0, 0, null, scores.holeL1(), String.format(
                java.util.Locale.ROOT, "the warm start %s %s measured %+.3f dB over NS%s", from.network(), from.version(),
                scores.psnr() - validation.baselinePsnr(), byBin.isEmpty() ? "" : ", by bin " + bins(byBin)),
                new Progress.Gains(scores.psnr() - validation.baselinePsnr(), set.label(), byBin)));
    }

    /** "(0.1,0.2] +0.90 (0.2,0.3] +0.98 ...". */
    private static String bins(Map<String, Double> gains) {
        return String.join(" ", gains.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s %+.2f", e.getKey(),
                e.getValue())).toList());
    }

    /**
     * The training steps' wall seconds and process CPU seconds so far (validation and checkpoints not counted). CPU
     * seconds are null for a run resumed from a checkpoint written before they were recorded: a curve against them
     * must start at step 0.
     */
    record TimeSpent(double wallSeconds, Double cpuSeconds) {

        static TimeSpent fromStart(boolean cpuReported) {
            return new TimeSpent(0, cpuReported ? 0.0 : null);
        }

        static TimeSpent resumed(Checkpoints.Info info, boolean cpuReported) {
            return new TimeSpent(info.trainSeconds(), cpuReported ? info.cpuSeconds() : null);
        }

        TimeSpent plus(double wall, double cpu) {
            return new TimeSpent(wallSeconds + wall, cpuSeconds == null || Double.isNaN(cpu) ? null : cpuSeconds + cpu);
        }
    }

    private void writeSamples(Model model, Block generator, Objective objective, Checkpoints checkpoints, ValidationSet validation,
                              BatchSource source, Path out, long step) {
        Batch cases = validation.isEmpty() ? source.batch(0) : validation.batches(4).get(0);
        List<RgbImage> outputs;
        // the weights the latest validation chose, or before any the first the objective keeps
        WeightSet shown = checkpoints.latest().map(c -> c.info().weights())
                .orElse(WeightSet.candidates(objective).get(0));
        try (NDManager scope = model.getNDManager().newSubManager();
             AutoCloseable weights = shown.enter(objective)) {
            BatchTensors t = BatchTensors.of(scope, cases);
            outputs = Tensors.toImages(t.composite(t.served(
                    generator.forward(new ParameterStore(scope, false), t.generatorInputs(), false).get(0), config.rimTaperSetting())));
        } catch (Exception e) {
            throw new IllegalStateException("sample grid at step " + step + " failed: " + e.getMessage(), e);
        }
        int rows = Math.min(4, cases.size());
        ImageCodec.withDefaults().write(out.resolve("samples").resolve(sampleName(step)),
                SampleGrid.of(cases.images().subList(0, rows), cases.masks().subList(0, rows), outputs.subList(0, rows)));
    }

    static String sampleName(long step) {
        return String.format("step-%08d.png", step);
    }

    /** {@code file} as a path inside the run directory, whether either was given relative or absolute. */
    private static String relative(Path runDirectory, Path file) {
        return runDirectory.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * The settings that decide what the checkpoint's weights mean, as the manifest recorded them: a resumed run builds
     * the same network, and trains and validates on the same holes. Prefill and normalisation add no parameters, so a
     * checkpoint would load into a network without them and train the wrong one (a head skip's would not load at all);
     * a best checkpoint chosen on other validation cases, or a curve whose second half trained on other holes, would
     * not say what it seems to.
     */
    private void requireTheSameSettings(Map<?, ?> recorded, Path file) {
        Map<?, ?> now = JSON.convertValue(config, Map.class);
        Map<String, String> defaults = Map.of("prefill", "none", "normalisation", "none", "headSkip", "none",
                "masks", "measured", "valMasks", "measured");
        for (String key : List.of("model", "width", "prefill", "normalisation", "headSkip", "masks", "valMasks")) {
            Object then = recorded.containsKey(key) ? recorded.get(key) : defaults.get(key);
            if (then != null && !String.valueOf(then).equals(String.valueOf(now.get(key)))) {
                boolean holes = key.toLowerCase(java.util.Locale.ROOT).contains("masks");
                throw new InpaintException(InpaintException.Kind.BAD_INPUT, key, "this run was started with " + key + " " + then
                        + " (" + file + "), not " + now.get(key) + "; a resumed run must " + (holes
                        ? "train and validate on the same holes (start another run, warm-started from this one's export)"
                        : "build the same network"));
            }
        }
    }

    private void writeManifest(Path out, PhotoCache train, PhotoCache val) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("config", config);
        manifest.put("train", train.names());
        manifest.put("val", val.names());
        try {
            Files.createDirectories(out);
            Path file = out.resolve("manifest.json");
            if (config.resume() && Files.isRegularFile(file)) {
                Map<?, ?> before = JSON.readValue(file.toFile(), Map.class);
                if (!train.names().equals(before.get("train"))) {
                    throw new InpaintException(InpaintException.Kind.BAD_INPUT, "data", "the training files differ from those in "
                            + file + "; a resumed run must see the same data");
                }
                requireTheSameSettings(before.get("config") instanceof Map<?, ?> was ? was : Map.of(), file);
            }
            JSON.writeValue(file.toFile(), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest in " + out, e);
        }
    }
}
