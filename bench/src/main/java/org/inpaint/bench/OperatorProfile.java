package org.inpaint.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of some PyTorch work goes, per operator: PyTorch's profiler records the work into a Chrome trace
 * and each operator's self time (its duration less that of the operators it called) is summed by name. What an
 * optimisation can win is read from the top of this list: convolutions are arithmetic-bound, elementwise operators
 * memory-bound.
 */
public final class OperatorProfile {

    /** One operator's summed self time and how often it ran. */
    public record Operator(String name, double selfMillis, int calls) {
    }

    private final List<Operator> operators;
    private final double totalMillis;

    private OperatorProfile(List<Operator> operators) {
        this.operators = operators;
        this.totalMillis = operators.stream().mapToDouble(Operator::selfMillis).sum();
    }

    /** Runs {@code work} under PyTorch's profiler, keeps the trace at {@code trace}, and sums it. */
    public static OperatorProfile record(Runnable work, Path trace) throws IOException {
        JniUtils.startProfile(false, false, false);
        try {
            work.run();
        } finally {
            JniUtils.stopProfile(trace.toAbsolutePath().toString());
        }
        return read(trace);
    }

    /** Sums a trace written by PyTorch's profiler (a JSON array of complete events: name, ts, dur, tid). */
    public static OperatorProfile read(Path trace) throws IOException {
        JsonNode events = new ObjectMapper().readTree(trace.toFile());
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText())) {
                continue;
            }
            names.add(e.path("name").asText());
            byThread.computeIfAbsent(e.path("tid").asText(), t -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, double[]> sums = new HashMap<>();
        for (List<double[]> thread : byThread.values()) {
            // parents start first, or at the same time and last longer
            thread.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparing(e -> -e[1]));
            double[] self = new double[thread.size()];
            Deque<Integer> open = new ArrayDeque<>();
            for (int i = 0; i < thread.size(); i++) {
                double[] e = thread.get(i);
                while (!open.isEmpty() && end(thread.get(open.peek())) <= e[0]) {
                    open.pop();
                }
                self[i] = e[1];
                if (!open.isEmpty()) {
                    self[open.peek()] -= e[1];
                }
                open.push(i);
            }
            for (int i = 0; i < thread.size(); i++) {
                double[] sum = sums.computeIfAbsent(names.get((int) thread.get(i)[2]), n -> new double[2]);
                sum[0] += self[i] / 1000;
                sum[1]++;
            }
        }
        List<Operator> operators = new ArrayList<>();
        sums.forEach((name, s) -> operators.add(new Operator(name, s[0], (int) s[1])));
        operators.sort(Comparator.comparingDouble(Operator::selfMillis).reversed());
        return new OperatorProfile(operators);
    }

    private static double end(double[] event) {
        return event[0] + event[1];
    }

    /** Operators by self time, most first. */
    public List<Operator> operators() {
        return operators;
    }

    public double totalMillis() {
        return totalMillis;
    }

    /** The {@code n} costliest operators as "name share%" items, e.g. {@code aten::mul 40 %}. */
    public String top(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, operators.size()); i++) {
            Operator o = operators.get(i);
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f %%", o.name(), 100 * o.selfMillis() / totalMillis));
        }
        return sb.toString();
    }
}
