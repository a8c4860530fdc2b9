package org.inpaint.app.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.inpaint.training.run.RunLock;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.app.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./inpaint train status}: every run under the runs directory with its step, images seen, the latest
 * validation against the Navier-Stokes floor on the same crops, the training time spent (the steps' wall hours and,
 * where the run recorded them, their process CPU hours), the time left at the last measured rate, and whether a
 * process is training it now (its {@link RunLock}). Reads only the run directories' files, so it works while the runs train.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the training runs under the runs directory (training.runsDir): step, images seen, "
                + "validation PSNR against Navier-Stokes on the same crops, training wall and CPU hours, ETA, and whether a "
                + "process trains it now.")
public final class TrainStatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--runs", paramLabel = "DIR", description = "Runs directory (default: training.runsDir).")
    Path runs;

    @Spec
    CommandSpec spec;

    /** What one run directory says about itself. */
    record RunStatus(String name, String model, long step, long steps, long imagesSeen, Double valPsnr, Double nsPsnr,
                     String weights, Double worstBinGain, double trainHours, Double cpuHours, Double etaHours,
                     String state) {
    }

    @Override
    public Integer call() throws IOException {
        Path dir = runs != null ? runs : config.load(Map.of()).runsDir();
        PrintWriter out = spec.commandLine().getOut();
        List<RunStatus> found = scan(dir);
        if (found.isEmpty()) {
            out.println("no training runs under " + dir);
            return 0;
        }
        out.println("runs under " + dir);
        int nameWidth = found.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        String run = "%-" + Math.max(3, nameWidth) + "s";
        out.printf(Locale.ROOT, run + " %-9s %13s %12s %9s %9s %8s %9s %-9s %8s %7s %7s  %s%n", "run", "model", "step", "images", "val dB",
                "NS dB", "gain dB", "worst bin", "weights", "train h", "CPU h", "ETA h", "state");
        for (RunStatus r : found) {
            out.printf(Locale.ROOT, run + " %-9s %6d/%-6d %12d %9s %9s %8s %9s %-9s %8.2f %7s %7s  %s%n", r.name(), r.model(), r.step(), r.steps(),
                    r.imagesSeen(), fmt(r.valPsnr()), fmt(r.nsPsnr()),
                    r.valPsnr() == null ? "-" : String.format(Locale.ROOT, "%+.2f", r.valPsnr() - r.nsPsnr()),
                    r.worstBinGain() == null ? "-" : String.format(Locale.ROOT, "%+.2f", r.worstBinGain()),
                    r.weights() == null ? "-" : r.weights(), r.trainHours(), hours(r.cpuHours()), hours(r.etaHours()), r.state());
        }
        return 0;
    }

    static List<RunStatus> scan(Path dir) throws IOException {
        List<RunStatus> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path run : children.sorted().toList()) {
                Path manifest = run.resolve("manifest.json");
                if (Files.isRegularFile(manifest)) {
                    found.add(read(run, new JsonObject(Files.readString(manifest)).getJsonObject("config")));
                }
            }
        }
        return found;
    }

    private static RunStatus read(Path run, JsonObject config) throws IOException {
        long steps = config.getLong("steps", 0L);
        int batch = config.getInteger("batch", 1);
        long step = 0;
        double rate = 0;
        JsonObject last = lastLine(run.resolve("metrics.jsonl"));
        if (last != null) {
            step = last.getLong("step", 0L);
            rate = last.getDouble("images_per_second", 0.0);
        }
        JsonObject val = lastLine(run.resolve("val.jsonl"));
        double trainSeconds = val == null ? 0 : val.getDouble("train_seconds", 0.0);
        Double cpuSeconds = val == null ? null : val.getDouble("cpu_seconds");
        double workLeft = TrainingConfig.workLeft(step, steps, config.getInteger("size", 0),
                config.getInteger("startSize", 0), config.getLong("startSteps", 0L));
        Double eta = rate > 0 && step < steps ? workLeft * batch / rate / 3600 : null;
        String state = RunLock.holder(run).map(h -> "training (pid " + h.pid() + ")")
                .orElse(step >= steps && steps > 0 ? "finished" : "stopped");
        return new RunStatus(run.getFileName().toString(), config.getString("model", "?"), step, steps, step * batch,
                val == null ? null : val.getDouble("val_psnr"), val == null ? null : val.getDouble("ns_psnr"),
                val == null ? null : val.getString("weights"), worstBin(val), trainSeconds / 3600, cpuSeconds == null ? null : cpuSeconds / 3600, eta,
                state);
    }

    /** The lowest gain over NS of a validation by bin ({@code train --val-masks bins}), or null. */
    private static Double worstBin(JsonObject val) {
        JsonObject bins = val == null ? null : val.getJsonObject("gain_by_bin_db");
        return bins == null || bins.isEmpty() ? null
                : bins.getMap().values().stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElseThrow();
    }

    private static String hours(Double h) {
        return h == null ? "-" : String.format(Locale.ROOT, "%.2f", h);
    }

    private static JsonObject lastLine(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return new JsonObject(lines.get(i));
            }
        }
        return null;
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
