package org.inpaint.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.bench.TrainingBenchmark;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "training", mixinStandardHelpOptions = true, description = "Training throughput: whole optimisation steps per "
        + "network, side by side in each precision: images/s, GFLOP/s (backward counted as twice forward) against the "
        + "FP32 peak, the share of wall time in the step itself, and the speed-up over fp32.")
public final class BenchTrainingCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--networks", split = ",", description = "Networks to time (default: ${DEFAULT-VALUE}).")
    List<String> networks = new ArrayList<>(List.of("deepfill", "csa", "lbam", "swap"));

    @Option(names = "--precisions", split = ",", description = "Precisions, timed one after the other per network (default: ${DEFAULT-VALUE}).")
    List<String> precisions = new ArrayList<>(List.of("fp32", "bf16"));

    @Option(names = "--data", paramLabel = "DIR", description = "Training photos (default: ${DEFAULT-VALUE}).")
    Path data = Path.of("../shared/data/photos/train");

    @Option(names = "--size", description = "Crop side (default: ${DEFAULT-VALUE}).")
    int size = 256;

    @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}, the campaign's).")
    int batch = 8;

    @Option(names = "--width", description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width = 0.5;

    @Option(names = "--recipe", description = "paper or reconstruction (default: ${DEFAULT-VALUE}, the campaign's).")
    String recipe = "reconstruction";

    @Option(names = "--prefill", description = "none, ns or telea (default: ${DEFAULT-VALUE}).")
    String prefill = "ns";

    @Option(names = "--critic-steps", description = "Critic updates per step for the paper recipes with a WGAN (default: ${DEFAULT-VALUE}).")
    int criticSteps = 1;

    @Option(names = "--warmups", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmups = 2;

    @Option(names = "--steps", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps = 5;

    @Option(names = "--peak", description = "The CPU's FP32 peak in GFLOP/s (default: ${DEFAULT-VALUE}).")
    double peak = 190;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write training-bench.csv here.")
    Path out;

    @Option(names = "--profile", paramLabel = "DIR", description = "Also record one more step per network and precision "
            + "with PyTorch's profiler (a Chrome trace per run in DIR) and print the operators that took the most time.")
    Path profile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        config.load(Map.of());
        if (!Files.isDirectory(data)) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "--data", "no photo directory at " + data.toAbsolutePath());
        }
        PrintWriter w = spec.commandLine().getOut();
        List<Precision> chosen = new ArrayList<>();
        for (String p : precisions) {
            Precision precision = Precision.of(p, "--precisions");
            if (precision.isNativeOn(CpuFeatures.local())) {
                chosen.add(precision);
            } else {
                w.printf("  %s not timed: %s, so it would run emulated%n", precision.label(), CpuFeatures.NO_BF16);
            }
        }
        TrainingBenchmark bench = new TrainingBenchmark(new TrainingBenchmark.Setup(data, size, batch, width, recipe, prefill,
                criticSteps, warmups, steps, profile));
        List<TrainingBenchmark.Result> results = new ArrayList<>();
        for (String network : networks) {
            for (Precision p : chosen) {
                TrainingBenchmark.Result r = bench.run(network, p);
                results.add(r);
                w.printf("  %s %s: %.2f images/s%n", network, p.label(), r.imagesPerSecond());
                w.flush();
            }
        }
        w.printf("inpaint bench training: %d² crops, batch %d, width %.2f, recipe %s, prefill %s, %d timed steps after %d "
                        + "warm-up; %d cores%n", size, batch, width, recipe, prefill, steps, warmups,
                Runtime.getRuntime().availableProcessors());
        w.print(TrainingBenchmark.table(results, peak));
        if (profile != null) {
            w.println("Self time per operator in one profiled step (traces in " + profile + "):");
            for (TrainingBenchmark.Result r : results) {
                w.printf("  %s %s (%.0f ms): %s%n", r.network(), r.precision().label(), r.profile().totalMillis(), r.profile().top(6));
            }
        }
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("training-bench.csv"), TrainingBenchmark.csv(results));
            w.println("wrote " + out.resolve("training-bench.csv"));
        }
        return 0;
    }
}
