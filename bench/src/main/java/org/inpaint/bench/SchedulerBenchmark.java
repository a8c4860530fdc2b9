package org.inpaint.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;
import org.inpaint.core.Inpainter;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.inference.neural.Tensors;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;
import org.inpaint.inference.scheduler.SchedulerSettings;

/**
 * The serving path measured against the engine it serves, on the same crops at the same batch size.
 *
 * <p>For each maxBatch, three ways of filling the same frames run in interleaved rounds (A B C, then C B A, ...), so
 * that warm-up and drifts of the machine fall on all three alike:
 * <ul>
 *   <li><b>pipeline</b>: a burst of frames submitted to the scheduler, which plans the crops, batches them onto its
 *       worker, calls the engine and composites the result back into the frames;</li>
 *   <li><b>engine</b>: the same engine called directly with batches of the crops the pipeline sends it (the engine
 *       SPI: tensors built from the crops, the network's forward, images back);</li>
 *   <li><b>forward</b>: the network's forward alone on ready-made tensors of those crops.</li>
 * </ul>
 * Each figure is the median over the rounds; the ratio pipeline / engine is also given as its range over rounds.
 * Random weights (speed does not depend on their values) in a temporary store.
 */
public final class SchedulerBenchmark {

    /** One maxBatch setting: median images per second of the three paths, and the pipeline's latency and batches. */
    public record Row(int maxBatch, double pipeline, double engine, double forward, double pairedRatio,
            double pairedRatioQ1, double pairedRatioQ3, double p50Millis, double p99Millis, double meanBatch) {
    }

    private static final int WARM_UP_ROUNDS = 2;

    private final NetworkArchitecture architecture;
    private final double width;
    private final int size;
    private final int frames;
    private final int rounds;

    public SchedulerBenchmark(NetworkArchitecture architecture, double width, int size, int frames, int rounds) {
        if (frames < 1 || rounds < 1) {
            throw new IllegalArgumentException("frames and rounds must be positive");
        }
        this.architecture = architecture;
        this.width = width;
        this.size = size;
        this.frames = frames;
        this.rounds = rounds;
    }

    public List<Row> run(int[] maxBatches, StringBuilder report) {
        Path store = randomWeights();
        String previous = System.getProperty(WeightStore.LOCATION_PROPERTY);
        System.setProperty(WeightStore.LOCATION_PROPERTY, store.toString());
        try {
            EngineRegistry registry = EngineRegistry.load();
            RgbImage image = RgbImage.blank(size, size);
            new Random(1).nextBytes(image.data());
            Mask mask = Mask.ofBoxes(size, size, List.of(new Rect(size / 4, size / 4, size / 2, size / 2)));
            RoiPlanner planner = RoiPlanner.withDefaults();
            List<Row> rows = new ArrayList<>();
            try (InpaintEngine engine = registry.create(architecture.name());
                 Inpainter inpainter = new Inpainter(registry.create(architecture.name()), planner)) {
                List<EngineInput> crops = inpainter.engineInputs(new EngineInput(image, mask));
                if (crops.size() != 1) {
                    throw new IllegalStateException("the benchmark frame should give one crop, got " + crops.size());
                }
                EngineInput crop = crops.get(0);
                report.append(String.format(Locale.ROOT, "crop sent to the engine: %dx%d (default ROI planner), %d of %d pixels holes%n",
                        crop.image().width(), crop.image().height(), crop.mask().holeCount(), crop.image().width() * crop.image().height()));
                for (int maxBatch : maxBatches) {
                    int batch = Math.min(maxBatch, engine.info().maxBatch());
                    rows.add(measure(registry, planner, (NeuralEngine) engine, image, mask, crop, maxBatch, batch));
                }
                double own = ownMillisPerFrame(planner, image, mask, engine.info().workingSize());
                report.append(String.format(Locale.ROOT, "serving path's own work (plan, crop, composite; identity engine): %.2f ms per frame%n", own));
                report.append(String.format(Locale.ROOT, "%d warm-up rounds, then %d rounds of pipeline, engine, forward in alternating order; medians; "
                        + "the ratio is the median of each round's pipeline/engine pair, with its quartiles%n", WARM_UP_ROUNDS, rounds));
                report.append("| maxBatch | batch formed | pipeline images/s | engine on the same crops, images/s | pipeline / engine (quartiles) "
                        + "| own work / engine time per frame | forward alone, images/s | pipeline / forward | p50 latency ms | p99 latency ms |\n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
                for (Row r : rows) {
                    report.append(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.2f | %.3f (%.3f–%.3f) | %.1f %% | %.2f | %.3f | %.0f | %.0f |%n",
                            r.maxBatch(), r.meanBatch(), r.pipeline(), r.engine(), r.pairedRatio(), r.pairedRatioQ1(), r.pairedRatioQ3(),
                            100 * own / (1000 / r.engine()), r.forward(), r.pipeline() / r.forward(), r.p50Millis(), r.p99Millis()));
                }
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

    private Row measure(EngineRegistry registry, RoiPlanner planner, NeuralEngine engine, RgbImage image, Mask mask,
            EngineInput crop, int maxBatch, int batch) {
        List<EngineInput> crops = Collections.nCopies(batch, crop);
        int calls = Math.max(1, frames / batch);
        try (BatchScheduler scheduler = BatchScheduler.create(registry, planner,
                new SchedulerSettings(1, 2 * frames, maxBatch, Duration.ofMillis(20)));
             NDManager tensors = NDManager.newBaseManager("PyTorch")) {
            NDArray holes = Tensors.masks(tensors, crops.stream().map(EngineInput::mask).toList());
            NDArray known = Tensors.images(tensors, crops.stream().map(EngineInput::image).toList()).mul(holes.neg().add(1));
            Burst burst = new Burst(scheduler, image, mask);
            List<DoubleSupplier> paths = List.of(
                    burst::imagesPerSecond,
                    () -> timed(calls, batch, () -> engine.inpaint(crops)),
                    () -> timed(calls, batch, () -> forward(engine, tensors, known, holes)));
            for (int r = 0; r < WARM_UP_ROUNDS; r++) {
                paths.forEach(DoubleSupplier::getAsDouble);
            }
            burst.latencies.clear();
            burst.batchSum = 0;
            double[][] perRound = new double[3][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 3; k++) {
                    int path = r % 2 == 0 ? k : 2 - k;
                    perRound[path][r] = paths.get(path).getAsDouble();
                }
            }
            double[] pairedRatios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                pairedRatios[r] = perRound[0][r] / perRound[1][r];
            }
            Arrays.sort(pairedRatios);
            double[] latency = burst.latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Row(maxBatch, median(perRound[0]), median(perRound[1]), median(perRound[2]),
                    median(pairedRatios), quantile(pairedRatios, 0.25), quantile(pairedRatios, 0.75),
                    latency[latency.length / 2], latency[(int) Math.ceil(0.99 * latency.length) - 1],
                    burst.batchSum / (double) latency.length);
        }
    }

    /** A burst of frames through the scheduler, all submitted at once; collects latencies and batch sizes. */
    private final class Burst {
        final BatchScheduler scheduler;
        final RgbImage image;
        final Mask mask;
        final List<Double> latencies = new ArrayList<>();
        long batchSum;

        Burst(BatchScheduler scheduler, RgbImage image, Mask mask) {
            this.scheduler = scheduler;
            this.image = image;
            this.mask = mask;
        }

        double imagesPerSecond() {
            long t0 = System.nanoTime();
            List<CompletableFuture<Outcome>> futures = new ArrayList<>(frames);
            for (int i = 0; i < frames; i++) {
                futures.add(scheduler.submit(new FrameJob("bench", i, image, mask, architecture.name(), BackpressurePolicy.SOURCE_PAUSES)));
            }
            for (CompletableFuture<Outcome> f : futures) {
                Outcome.Filled filled = (Outcome.Filled) f.join();
                latencies.add((double) filled.queuedMillis() + filled.runMillis());
                batchSum += filled.batchSize();
            }
            return frames / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The serving path's own work per frame (plan, crop, composite with the feathered seam), in milliseconds: the
     * same frames through an {@link Inpainter} whose engine returns its crops unchanged.
     */
    static double ownMillisPerFrame(RoiPlanner planner, RgbImage image, Mask mask, int workingSize) {
        try (Inpainter inpainter = new Inpainter(new IdentityEngine(workingSize), planner)) {
            List<EngineInput> frame = List.of(new EngineInput(image, mask));
            int n = 200;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    inpainter.inpaintAll(frame);
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e6 / n);
            }
            return best;
        }
    }

    /** Returns each crop as it came: what is left of the serving path's time is its own. */
    private record IdentityEngine(int workingSize) implements InpaintEngine {
        @Override
        public EngineInfo info() {
            return EngineInfo.classical("identity", "returns its input (benchmark)", workingSize);
        }

        @Override
        public List<RgbImage> inpaint(List<EngineInput> batch) {
            return batch.stream().map(in -> in.image().copy()).toList();
        }

        @Override
        public void close() {
        }
    }

    private static double timed(int calls, int batch, Runnable call) {
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return calls * batch / ((System.nanoTime() - t0) / 1e9);
    }

    private static void forward(NeuralEngine engine, NDManager tensors, NDArray known, NDArray holes) {
        try (NDManager scope = tensors.newSubManager()) {
            // Results are owned by the manager of the inputs: lend the inputs to the scope so the results die with it.
            known.tempAttach(scope);
            holes.tempAttach(scope);
            NDList out = engine.block().forward(new ParameterStore(scope, false), new NDList(known, holes), false);
            out.get(0).toFloatArray(); // wait for the result, as the other paths do when they read it back
        }
    }

    private static double median(double[] values) {
        return quantile(values, 0.5);
    }

    /** Linear interpolation between order statistics. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
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
