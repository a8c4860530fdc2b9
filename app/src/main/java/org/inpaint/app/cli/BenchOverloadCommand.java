package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.app.config.Settings;
import org.inpaint.core.InpaintException;
import org.inpaint.testkit.Samples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "overload", mixinStandardHelpOptions = true, description = "HTTP overload: measures the sustainable "
        + "/v1/inpaint rate of a server started in a JVM of its own (with the --set options), then offers --factor times that for --seconds: answers by "
        + "status (503 with Retry-After is back-pressure), unanswered requests, latency of accepted work, RSS.")
public final class BenchOverloadCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--seconds", description = "Length of the overload (default: ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--probe", description = "Seconds measuring the sustainable rate first (default: ${DEFAULT-VALUE}).")
    int probe = 10;

    @Option(names = "--factor", description = "Offered rate as a multiple of the sustainable one (default: ${DEFAULT-VALUE}).")
    double factor = 10;

    @Option(names = "--clients", description = "Requests in flight while probing (default: ${DEFAULT-VALUE}).")
    int clients = 4;

    @Option(names = "--engine", description = "Engine asked for (default: ${DEFAULT-VALUE}).")
    String engine = "telea";

    @Option(names = "--boxes", description = "Holes of every request (default: ${DEFAULT-VALUE}).")
    String boxes = "100,100,120,90";

    @Option(names = "--server-heap", description = "The server JVM's -Xmx (default: ${DEFAULT-VALUE}).")
    String heap = "1g";

    @Option(names = "--split-cores", description = "Pin the server to the first half of the CPUs and this load generator to the "
            + "rest (taskset), so the generator's own work does not starve the server it measures.")
    boolean splitCores;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        Path log = Files.createTempFile("inpaint-overload-server-", ".log");
        List<String> sets = config.settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (splitCores && cpus < 2) {
            throw InpaintException.badInput("--split-cores", "needs at least 2 CPUs, this process has " + cpus);
        }
        String serverCpus = splitCores ? cpuRange(0, cpus / 2) : null;
        if (splitCores) {
            pinThisProcess(cpuRange(cpus / 2, cpus));
        }
        try (ServerProcess server = ServerProcess.start(ServerProcess.ownJar(), heap, sets, log, Duration.ofSeconds(120), serverCpus)) {
            HttpOverload load = new HttpOverload(server.baseUrl(), Samples.photo(Samples.photoNamed("orange")),
                    boxes, engine, server.pid());
            HttpOverload.Result r = load.run(clients, Duration.ofSeconds(probe), factor, Duration.ofSeconds(seconds));
            out.printf("server alive after the run: %s (log %s)%n", server.isAlive(), log);
            out.printf("inpaint bench overload: %s, %d workers, queue %d, %d s probe with %d clients, then %.0fx for %d s; %d cores%s%n",
                    engine, settings.inference().workers(), settings.inference().queueCapacity(), probe, clients, factor, seconds,
                    cpus, splitCores ? ", server on CPUs " + serverCpus + ", load generator on " + cpuRange(cpus / 2, cpus) : "");
            out.print(HttpOverload.table(r));
            r.unansweredBecause().forEach((why, n) -> out.printf("unanswered %d: %s%n", n, why));
            return r.serverErrors() == 0 && r.unanswered() == 0 && server.isAlive() ? 0 : 1;
        }
    }

    /** CPUs from (inclusive) to (exclusive), as taskset writes them. */
    private static String cpuRange(int from, int to) {
        return to - from == 1 ? Integer.toString(from) : from + "-" + (to - 1);
    }

    /** Every thread of this JVM, now and later, on {@code cpus}. */
    private static void pinThisProcess(String cpus) throws Exception {
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("taskset failed: " + output);
        }
    }
}
