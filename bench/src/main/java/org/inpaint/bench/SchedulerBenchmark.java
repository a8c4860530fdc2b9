package org.inpaint.bench;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;
import org.inpaint.inference.scheduler.SchedulerSettings;

/**
 * The scheduler's batching measured against the raw engine: a burst of equal frames goes through the full path
 * (scheduler, ROI plan, batched engine call, composite) with maxBatch 1, 2, 4, 8, side by side with the engine
 * called directly one frame at a time. Random weights (speed does not depend on their values) in a temporary store.
 */
public final class SchedulerBenchmark {

    /** One maxBatch setting's throughput and latency. */
    public record Row(int maxBatch, double imagesPerSecond, double p50Millis, double p99Millis, double meanBatch) {
    }

    private final NetworkArchitecture architecture;
    private final double width;
    private final int size;
    private final int frames;

    public SchedulerBenchmark(NetworkArchitecture architecture, double width, int size, int frames) {
        this.architecture = architecture;
        this.width = width;
        this.size = size;
        this.frames = frames;
    }

    /** Raw engine forward, {@code batch} frames per call, images per second. */
    public double rawImagesPerSecond(EngineRegistry registry, RgbImage image, Mask mask, int batch) {
        List<EngineInput> inputs = java.util.Collections.nCopies(batch, new EngineInput(image, mask));
        try (InpaintEngine engine = registry.create(architecture.name())) {
            engine.inpaint(inputs);
            int calls = Math.max(1, frames / batch);
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                engine.inpaint(inputs);
            }
            return calls * batch / ((System.nanoTime() - t0) / 1e9);
        }
    }

    public List<Row> run(int[] maxBatches, StringBuilder report) {
        Path store = randomWeights();
        String previous = System.getProperty(WeightStore.LOCATION_PROPERTY);
        System.setProperty(WeightStore.LOCATION_PROPERTY, store.toString());
        try {
            EngineRegistry registry = EngineRegistry.load();
            RgbImage image = RgbImage.blank(size, size);
            new java.util.Random(1).nextBytes(image.data());
            Mask mask = Mask.ofBoxes(size, size, List.of(new Rect(size / 4, size / 4, size / 2, size / 2)));
            double raw = rawImagesPerSecond(registry, image, mask, 1);
            report.append(String.format(Locale.ROOT, "raw engine, one frame per call: %.2f images/s%n", raw));
            List<Row> rows = new ArrayList<>();
            java.util.Map<Integer, Double> rawBatched = new java.util.TreeMap<>();
            for (int maxBatch : maxBatches) {
                Row r = burst(registry, image, mask, maxBatch);
                rows.add(r);
                // the raw engine at the batch the scheduler actually formed, measured right after it
                rawBatched.computeIfAbsent((int) Math.round(r.meanBatch()), b -> rawImagesPerSecond(registry, image, mask, b));
            }
            report.append("| maxBatch | images/s | vs raw engine | raw engine at the same batch, images/s | pipeline / raw batched | p50 latency ms | p99 latency ms | mean batch |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                double same = rawBatched.get((int) Math.round(r.meanBatch()));
                report.append(String.format(Locale.ROOT, "| %d | %.2f | %.2fx | %.2f | %.2f | %.0f | %.0f | %.1f |%n", r.maxBatch(),
                        r.imagesPerSecond(), r.imagesPerSecond() / raw, same, r.imagesPerSecond() / same, r.p50Millis(),
                        r.p99Millis(), r.meanBatch()));
            }
            return rows;
        } finally {
            if (previous == null) {
                System.clearProperty(WeightStore.LOCATION_PROPERTY);
            } else {
                System.setProperty(WeightStore.LOCATION_PROPERTY, previous);
            }
        }
    }

    private Row burst(EngineRegistry registry, RgbImage image, Mask mask, int maxBatch) {
        try (BatchScheduler scheduler = BatchScheduler.create(registry, new RoiPlanner(10, 0, 0.01),
                new SchedulerSettings(1, 2 * frames, maxBatch, Duration.ofMillis(20)))) {
            scheduler.submit(new FrameJob("warm-up", 0, image, mask, architecture.name(), BackpressurePolicy.SOURCE_PAUSES)).join();
            long t0 = System.nanoTime();
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < frames; i++) {
                futures.add(scheduler.submit(new FrameJob("bench", i, image, mask, architecture.name(), BackpressurePolicy.SOURCE_PAUSES)));
            }
            double[] latency = new double[frames];
            double batchSum = 0;
            for (int i = 0; i < frames; i++) {
                Outcome.Filled f = (Outcome.Filled) futures.get(i).join();
                latency[i] = f.queuedMillis() + f.runMillis();
                batchSum += f.batchSize();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Arrays.sort(latency);
            return new Row(maxBatch, frames / seconds, latency[frames / 2], latency[(int) Math.ceil(0.99 * frames) - 1], batchSum / frames);
        }
    }

    private Path randomWeights() {
        try {
            Path dir = Files.createTempDirectory("inpaint-bench-weights");
            try (Model model = Model.newInstance(architecture.name(), "PyTorch")) {
                Block block = architecture.buildInto(model, width, size);
                new WeightStore(dir).save(architecture.name(), block, new ModelCard(architecture.name(), architecture.paper(),
                        width, size, 0, "random (benchmark)", 0, "now", Map.of(), List.of()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
