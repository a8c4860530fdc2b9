package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.app.config.Settings;
import org.inpaint.bench.EngineBenchmark;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.training.masks.HoleRatioBin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = {"Time engines side by side on the bundled sample photos with seeded holes.",
    "'bench networks' times the generator networks instead."}, subcommands = {BenchNetworksCommand.class, BenchTrainingCommand.class, BenchSchedulerCommand.class, BenchKafkaCommand.class, BenchOverloadCommand.class, BenchFaultsCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--engines", split = ",", paramLabel = "A,B", description = "Engines to time; the first is the baseline of the ratios (default: telea,ns,patchmatch).")
    List<String> engines = new ArrayList<>(List.of("telea", "ns", "patchmatch"));

    @Option(names = "--size", description = "Side of the square test crops (default: ${DEFAULT-VALUE}).")
    int size = 512;

    @Option(names = "--hole", description = "Hole ratio range lo,hi of the free-form masks (default: ${DEFAULT-VALUE}).")
    String hole = "0.14,0.16";

    @Option(names = "--photos", description = "How many sample photos (default: ${DEFAULT-VALUE}).")
    int photos = 3;

    @Option(names = "--runs", description = "Timed runs per photo (default: ${DEFAULT-VALUE}).")
    int runs = 5;

    @Option(names = "--warmups", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    int warmups = 2;

    @Option(names = "--seed", description = "Mask seed (default: ${DEFAULT-VALUE}).")
    long seed = 7;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = config.load(Map.of());
        String[] lohi = hole.split(",");
        HoleRatioBin bin = new HoleRatioBin(Double.parseDouble(lohi[0]), Double.parseDouble(lohi[1]));
        EngineBenchmark bench = new EngineBenchmark(size, bin, photos, warmups, runs, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("inpaint bench: " + bench.describe() + "; " + java.lang.Runtime.getRuntime().availableProcessors() + " cores");
        EngineRegistry registry = EngineRegistry.load();
        List<EngineBenchmark.Result> results = new ArrayList<>();
        for (String e : engines) {
            results.add(bench.run(registry, e, settings.roiPlanner()));
            out.printf("  %s done%n", e);
            out.flush();
        }
        out.print(EngineBenchmark.table(results));
        return 0;
    }
}
