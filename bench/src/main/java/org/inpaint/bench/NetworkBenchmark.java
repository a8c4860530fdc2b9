package org.inpaint.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.inpaint.inference.neural.ops.Precision;

/**
 * Forward throughput of each generator network with random weights (speed does not depend on their values):
 * parameters, GFLOP per image counted at the convolutions and matrix products, median time at batch 1 and at
 * batch N, and GFLOP/s against the CPU's FP32 peak.
 */
public final class NetworkBenchmark {

    /** One network's numbers. */
    public record Result(String network, double width, int size, long parameters, double gflopPerImage,
                         double msBatch1, double msPerImageBatchN, int batchN) {

        public double gflopsBatch1() {
            return gflopPerImage / (msBatch1 / 1000);
        }

        public double gflopsBatchN() {
            return gflopPerImage / (msPerImageBatchN / 1000);
        }
    }

    private final int size;
    private final int batchN;
    private final int warmups;
    private final int runs;

    public NetworkBenchmark(int size, int batchN, int warmups, int runs) {
        this.size = size;
        this.batchN = batchN;
        this.warmups = warmups;
        this.runs = runs;
    }

    public Result run(NetworkArchitecture architecture, double width) {
        return run(architecture, width, Precision.FP32);
    }

    /** As {@link #run(NetworkArchitecture, double)} with the convolutions in {@code precision}. */
    public Result run(NetworkArchitecture architecture, double width, Precision precision) {
        try (Precision.Scope scope = precision.enter()) {
            return measure(architecture, width);
        }
    }

    private Result measure(NetworkArchitecture architecture, double width) {
        int side = (int) Math.ceil(size / (double) architecture.sizeMultiple()) * architecture.sizeMultiple();
        try (Model model = Model.newInstance(architecture.name(), "PyTorch")) {
            Block block = architecture.buildInto(model, width, side);
            long params = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                params += p.getValue().getArray().size();
            }
            long flop = FlopCounter.count(() -> forward(model, block, 1, side));
            double ms1 = time(model, block, 1, side);
            double msN = time(model, block, batchN, side) / batchN;
            return new Result(architecture.name(), width, side, params, flop / 1e9, ms1, msN, batchN);
        }
    }

    private double time(Model model, Block block, int batch, int side) {
        for (int i = 0; i < warmups; i++) {
            forward(model, block, batch, side);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            forward(model, block, batch, side);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    private static void forward(Model model, Block block, int batch, int side) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray mask = scope.zeros(new Shape(batch, 1, side, side));
            mask.set(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", side / 4, 3 * side / 4, side / 4, 3 * side / 4), 1f);
            NDArray image = scope.randomUniform(-1, 1, new Shape(batch, 3, side, side)).mul(mask.neg().add(1));
            NDList out = block.forward(new ParameterStore(scope, false), new NDList(image, mask), false);
            out.get(0).toFloatArray();
        }
    }

    public static String table(List<Result> results, double peakGflops, int batchN) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "| network | width | input | parameters | GFLOP/image | ms batch 1 | GFLOP/s batch 1 | ms/image batch %d | GFLOP/s batch %d | %% of %.0f GFLOP/s peak |%n",
                batchN, batchN, peakGflops));
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %d² | %,d | %.2f | %.0f | %.1f | %.0f | %.1f | %.0f %% |%n",
                    r.network(), r.width(), r.size(), r.parameters(), r.gflopPerImage(), r.msBatch1(), r.gflopsBatch1(),
                    r.msPerImageBatchN(), r.gflopsBatchN(), 100 * r.gflopsBatchN() / peakGflops));
        }
        return sb.toString();
    }
}
