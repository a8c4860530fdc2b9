package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.inpaint.core.InpaintException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "faults", mixinStandardHelpOptions = true, description = "Kafka under faults, with the service and a broker "
        + "in JVMs of their own: the broker restarted and killed mid-run, one of two instances of a group killed, and "
        + "--factor times the sustainable rate for --seconds. Prints keys lost and duplicated, dead letters, RSS and latency.")
public final class BenchFaultsCommand implements Callable<Integer> {

    @Option(names = "--faults", split = ",", paramLabel = "F,G", description = "Any of restart, kill, failover, overload (default: all).")
    List<String> faults = List.of("restart", "kill", "failover", "overload");

    @Option(names = "--messages", description = "Messages of each fault run (default: ${DEFAULT-VALUE}).")
    int messages = 10_000;

    @Option(names = "--poison-every", description = "Every so many messages of a fault run one is not an image (default: ${DEFAULT-VALUE}).")
    int poisonEvery = 1_000;

    @Option(names = "--factor", description = "Overload: offered rate as a multiple of the sustainable one (default: ${DEFAULT-VALUE}).")
    double factor = 10;

    @Option(names = "--seconds", description = "Overload: its length (default: ${DEFAULT-VALUE}).")
    int seconds = 60;

    @Option(names = "--probe", description = "Overload: seconds measuring the sustainable rate first (default: ${DEFAULT-VALUE}).")
    int probe = 10;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<KafkaFaults.Fault> runs = new ArrayList<>();
        boolean overload = false;
        for (String f : faults) {
            if (f.equals("overload")) {
                overload = true;
                continue;
            }
            runs.add(java.util.Arrays.stream(KafkaFaults.Fault.values()).filter(v -> v.label().equals(f)).findFirst()
                    .orElseThrow(() -> InpaintException.badInput("--faults", "unknown fault '" + f + "'; use restart, kill, failover, overload")));
        }
        if (messages < 8 || poisonEvery < 2) {
            throw InpaintException.badInput(messages < 8 ? "--messages" : "--poison-every", "too small");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("inpaint-faults-");
        out.printf("inpaint bench faults: service logs in %s; %d cores%n", dir, Runtime.getRuntime().availableProcessors());
        KafkaFaults kafka = new KafkaFaults(ServerProcess.ownJar(), dir, messages, poisonEvery);
        boolean passed = true;
        List<KafkaFaults.Result> results = new ArrayList<>();
        for (KafkaFaults.Fault f : runs) {
            KafkaFaults.Result r = kafka.run(f);
            results.add(r);
            passed &= r.passed();
            out.printf("%s: %,d of %,d keys out, %d duplicates, %d of %d poison messages dead-lettered%n", f.label(),
                    r.keysOut(), r.good(), r.duplicates(), r.deadLettered(), r.poison());
            out.flush();
        }
        if (!results.isEmpty()) {
            out.print(KafkaFaults.table(results));
        }
        if (overload) {
            KafkaFaults.Overload o = kafka.overload(factor, Duration.ofSeconds(probe), Duration.ofSeconds(seconds));
            out.printf("overload: %.0fx the sustainable rate for %d s%n", factor, seconds);
            out.print(KafkaFaults.table(o));
            passed &= o.lost() == 0 && o.serviceAlive();
        }
        return passed ? 0 : 1;
    }
}
