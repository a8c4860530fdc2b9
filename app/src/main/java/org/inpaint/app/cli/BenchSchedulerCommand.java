package org.inpaint.app.cli;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.inpaint.bench.SchedulerBenchmark;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.inference.neural.NeuralEngineProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "scheduler", mixinStandardHelpOptions = true, description = "The serving path (scheduler, crops, batching, compositing) vs the engine and the bare forward on the same crops at the same batch (random weights).")
public final class BenchSchedulerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--network", description = "Network (default: ${DEFAULT-VALUE}).")
    String network = "lbam";

    @Option(names = "--width", description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width = 0.5;

    @Option(names = "--size", description = "Frame side (default: ${DEFAULT-VALUE}).")
    int size = 256;

    @Option(names = "--frames", description = "Frames per burst (default: ${DEFAULT-VALUE}).")
    int frames = 32;

    @Option(names = "--rounds", description = "Interleaved rounds per maxBatch; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--max-batch", split = ",", description = "maxBatch settings to measure (default: ${DEFAULT-VALUE}).")
    int[] maxBatches = {1, 2, 4, 8};

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        config.load(Map.of());
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p instanceof NeuralEngineProvider n && p.name().equals(network)) {
                StringBuilder report = new StringBuilder();
                new SchedulerBenchmark(n.architecture(), width, size, frames, rounds).run(maxBatches, report);
                spec.commandLine().getOut().printf("inpaint bench scheduler: %s width %.2f, %d² frames, bursts of %d, %d interleaved rounds, 1 worker, maxDelay 20 ms, %d cores%n%s",
                        network, width, size, frames, rounds, Runtime.getRuntime().availableProcessors(), report);
                return 0;
            }
        }
        throw InpaintException.badInput("--network", "no network named '" + network + "'");
    }
}
