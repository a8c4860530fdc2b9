package org.inpaint.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.inpaint.core.InpaintException;
import org.inpaint.training.run.LearningCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ./inpaint train curves}: the learning curves of runs against the Navier-Stokes line, in one PNG. */
@Command(name = "curves", mixinStandardHelpOptions = true,
        description = "Plot runs' validation gain over Navier-Stokes (dB, on the same crops) against training hours, in one PNG.")
public final class TrainCurvesCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--runs", paramLabel = "DIR", description = "Runs directory (default: training.runsDir).")
    Path runs;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The PNG to write.")
    Path out;

    @Parameters(paramLabel = "RUN", description = "Runs to plot, by directory name (default: every run with a validation).")
    List<String> names = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = runs != null ? runs : config.load(Map.of()).runsDir();
        List<Path> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> children = Files.list(dir)) {
                    children.filter(Files::isDirectory).sorted().forEach(chosen::add);
                }
            }
        } else {
            for (String name : names) {
                Path run = dir.resolve(name).normalize();
                if (!run.startsWith(dir.normalize()) || LearningCurves.read(run).points().isEmpty()) {
                    throw InpaintException.badInput("RUN", "no run '" + name + "' with validations under " + dir);
                }
                chosen.add(run);
            }
        }
        List<LearningCurves.Curve> curves = chosen.stream().map(LearningCurves::read).filter(c -> !c.points().isEmpty()).toList();
        if (curves.isEmpty()) {
            throw InpaintException.badInput("--runs", "no run with validations under " + dir);
        }
        LearningCurves.write(curves, out);
        spec.commandLine().getOut().println("wrote " + out + ": " + String.join(", ", curves.stream().map(LearningCurves.Curve::run).toList()));
        return 0;
    }
}
