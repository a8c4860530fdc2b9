package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.inpaint.bench.NetworkBenchmark;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.ops.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "networks", mixinStandardHelpOptions = true, description = "Forward throughput of the generator networks (random weights): parameters, GFLOP/image, GFLOP/s vs the CPU's peak.")
public final class BenchNetworksCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--networks", split = ",", description = "Networks to time (default: all).")
    List<String> networks = new ArrayList<>();

    @Option(names = "--width", description = "Width multiplier (default: ${DEFAULT-VALUE}, the papers' networks).")
    double width = 1.0;

    @Option(names = "--size", description = "Input side (default: ${DEFAULT-VALUE}; rounded up to each network's size multiple).")
    int size = 256;

    @Option(names = "--batch", description = "The larger batch size (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Option(names = "--runs", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--precision", description = "fp32, bf16 or exact: the convolutions' arithmetic (default: ${DEFAULT-VALUE}).")
    String precision = "fp32";

    @Option(names = "--peak", description = "The CPU's FP32 peak in GFLOP/s (default: ${DEFAULT-VALUE}: 2 cores x 32 FLOP/cycle x ~3 GHz).")
    double peak = 190;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        Precision chosen = Precision.of(precision, "--precision");
        NetworkBenchmark bench = new NetworkBenchmark(size, batch, 1, runs);
        List<NetworkBenchmark.Result> results = new ArrayList<>();
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p instanceof NeuralEngineProvider n && (networks.isEmpty() || networks.contains(p.name()))) {
                results.add(bench.run(n.architecture(), width, chosen));
                out.printf("  %s done%n", p.name());
                out.flush();
            }
        }
        out.printf("inpaint bench networks: %d² input, width %.2f, %s convolutions, batch 1 and %d, median of %d runs after 1 warm-up; %d cores%n",
                size, width, chosen.label(), batch, runs, java.lang.Runtime.getRuntime().availableProcessors());
        out.print(NetworkBenchmark.table(results, peak, batch));
        return 0;
    }
}
