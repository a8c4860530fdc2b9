package org.inpaint.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.data.ImageDataset;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;

/**
 * Training throughput of each network: whole optimisation steps (batch drawing, forward, losses, backward,
 * optimiser update) exactly as {@code train} runs them, timed after warm-up, in a chosen precision. Work is
 * counted at the convolutions and matrix products of the step's forward passes ({@link FlopCounter}), backward
 * counted as twice forward; the step share is the part of the wall time not spent waiting for a batch.
 */
public final class TrainingBenchmark {

    /** One network in one precision. */
    public record Result(String network, Precision precision, int size, int batch, double width, String recipe,
                         double imagesPerSecond, double forwardGflopPerImage, double stepShare, OperatorProfile profile) {

        /** Forward + backward (twice forward) work per second. */
        public double gflopsPerSecond() {
            return 3 * forwardGflopPerImage * imagesPerSecond;
        }
    }

    /** What every measured step shares. */
    public record Setup(Path data, int size, int batch, double width, String recipe, String prefill, int criticSteps,
                        int warmups, int steps, Path profiles) {
    }

    private final Setup setup;
    private final PhotoCache photos;

    public TrainingBenchmark(Setup setup) {
        this.setup = setup;
        ImageDataset dataset = ImageDataset.scan(setup.data());
        this.photos = PhotoCache.load(dataset, dataset.files(), setup.size(), 1.5);
    }

    /**
     * Times {@code network}'s steps in {@code precision}; with {@link Setup#profiles} set, one more step is then
     * recorded by PyTorch's profiler into {@code <network>-<precision>-trace.json} there and summed per operator.
     */
    public Result run(String network, Precision precision) throws IOException {
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
        Engine.getEngine("PyTorch").setRandomSeed(1);
        TrainingConfig config = TrainingConfig.of(network, setup.data(), Path.of("unused"), setup.size(),
                        setup.warmups() + setup.steps()).toBuilder()
                .width(setup.width()).batch(setup.batch()).recipe(setup.recipe()).prefill(setup.prefill())
                .criticSteps(setup.criticSteps()).precision(precision.label()).build();
        try (Model model = Model.newInstance(network, "PyTorch");
             Objective objective = ObjectiveFactory.forModel(network, setup.recipe()).create(model, config);
             BatchSource source = BatchSource.prefetching(photos, objective.masks(), setup.size(), setup.batch(),
                     config.maxScale(), config.seed(), config.prefillSetting());
             Precision.Scope scope = precision.enter()) {
            int imagesPerStep = setup.batch() * objective.batchesPerStep();
            long flop = FlopCounter.count(() -> objective.step(0, source));
            for (int i = 1; i < setup.warmups(); i++) {
                objective.step(i, source);
            }
            long waited = source.waitedNanos();
            long t0 = System.nanoTime();
            for (int i = setup.warmups(); i < setup.warmups() + setup.steps(); i++) {
                objective.step(i, source);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double waitSeconds = (source.waitedNanos() - waited) / 1e9;
            OperatorProfile profile = null;
            if (setup.profiles() != null) {
                long last = setup.warmups() + setup.steps();
                Files.createDirectories(setup.profiles());
                profile = OperatorProfile.record(() -> objective.step(last, source),
                        setup.profiles().resolve(network + "-" + precision.label() + "-trace.json"));
            }
            return new Result(network, precision, setup.size(), setup.batch(), setup.width(), setup.recipe(),
                    setup.steps() * imagesPerStep / seconds, flop / 1e9 / imagesPerStep, 1 - waitSeconds / seconds, profile);
        }
    }

    /** A Markdown table, with each network's speed-up over its first precision. */
    public static String table(List<Result> results, double peakGflops) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| network | precision | batch | images/s | forward GFLOP/image | GFLOP/s (fwd+bwd) "
                + "| %% of %.0f GFLOP/s peak | step share of wall time | vs fp32 |%n", peakGflops));
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            Result base = results.stream().filter(b -> b.network().equals(r.network()) && b.precision() == Precision.FP32)
                    .findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.1f | %.0f %% | %.0f %% | %s |%n",
                    r.network(), r.precision().label(), r.batch(), r.imagesPerSecond(), r.forwardGflopPerImage(),
                    r.gflopsPerSecond(), 100 * r.gflopsPerSecond() / peakGflops, 100 * r.stepShare(),
                    base == null ? "" : String.format(Locale.ROOT, "%.2fx", r.imagesPerSecond() / base.imagesPerSecond())));
        }
        return sb.toString();
    }

    /** The CSV the issue asks for: network,dtype,size,batch,images_per_s,gflops_per_s (plus the step share). */
    public static String csv(List<Result> results) {
        StringBuilder sb = new StringBuilder("network,dtype,size,batch,images_per_s,gflops_per_s,step_share\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f,%.2f,%.3f%n", r.network(), r.precision().label(),
                    r.size(), r.batch(), r.imagesPerSecond(), r.gflopsPerSecond(), r.stepShare()));
        }
        return sb.toString();
    }
}
