package org.inpaint.inference.neural.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.junit.jupiter.api.Test;

class SwapNetworkTest {

    private static Block initialised(Model model, SwapArchitecture arch, double width, int size) {
        Block block = arch.buildInto(model, width, size);
        return block;
    }

    private static NDList inputs(NDManager m, int n, int size) {
        NDArray mask = m.zeros(new Shape(n, 1, size, size));
        mask.set(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", size / 4, size / 2, size / 3, 2 * size / 3), 1f);
        NDArray image = m.randomUniform(-1, 1, new Shape(n, 3, size, size)).mul(mask.neg().add(1));
        return new NDList(image, mask);
    }

    private static long count(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            total += p.getValue().getArray().size();
        }
        return total;
    }

    /**
     * The paper gives no layer plan or parameter count; this is the count of our reading of it at w = 1
     * (channels 32-64-128-256-256, k = 8): encoder 2,354,752, CIM 4,720,640, four SWAP modules 3,375,936,
     * ten heads 73,999.
     */
    @Test
    void parameterCountAtFullWidth() {
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            Block block = initialised(model, new SwapArchitecture(), 1.0, 32);
            assertEquals(10_525_327L, count(block));
        }
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            // each extra class adds one output channel to 5 seg heads and one input channel to 5 image heads and 4 SWAP merges
            Block block = initialised(model, new SwapArchitecture(9), 1.0, 32);
            long perClass = 9L * (256 + 256 + 128 + 64 + 32) + 5 + 27L * 5 + 9L * (256 + 128 + 64 + 32);
            assertEquals(10_525_327L + perClass, count(block));
        }
    }

    /**
     * By hand at 256², w = 1: encoder 7.7, CIM 2.4, SWAP convolutions 23.8, class-restricted attention on the
     * 32×32 grid of patches 16.2 (cosine matching 8.05 + weighted paste 8.05 + class codes 0.07), heads 0.8:
     * about 50.9 GFLOP.
     */
    @Test
    void gflopAt256AndOneTimedForwardAtFullWidth() {
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            Block block = initialised(model, new SwapArchitecture(), 1.0, 256);
            long[] ms = new long[3];
            long flop = 0;
            for (int i = 0; i < ms.length; i++) {
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDList in = inputs(scope, 1, 256);
                    long t0 = System.nanoTime();
                    long[] f = new long[1];
                    NDList out = FlopCounter.counting(f, () -> block.forward(new ParameterStore(scope, false), in, false));
                    out.get(0).toFloatArray();
                    ms[i] = (System.nanoTime() - t0) / 1_000_000;
                    flop = f[0];
                }
            }
            Arrays.sort(ms);
            double gflop = flop / 1e9;
            System.out.printf("swap w=1 at 256x256: %.2f GFLOP/image, forward %d ms (median of 3), %.0f GFLOP/s%n",
                    gflop, ms[1], gflop / (ms[1] / 1000.0));
            assertTrue(gflop > 45 && gflop < 60, "GFLOP " + gflop);
        }
    }

    @Test
    void auxiliaryOutputsAreNamedAndShapedPerScale() {
        int size = 64;
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            SwapArchitecture arch = new SwapArchitecture(5);
            Block block = initialised(model, arch, 0.25, size);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList out = block.forward(new ParameterStore(scope, false), inputs(scope, 2, size), false);
                assertEquals(10, out.size());
                assertNull(out.get(0).getName());
                assertEquals(new Shape(2, 3, size, size), out.get(0).getShape());
                for (int i = 1; i <= 4; i++) {
                    NDArray a = out.get(i);
                    assertEquals("image_s" + i, a.getName());
                    assertEquals(new Shape(2, 3, size >> i, size >> i), a.getShape());
                    assertTrue(a.abs().max().getFloat() <= 1f);
                }
                for (int i = 0; i <= 4; i++) {
                    NDArray a = out.get(5 + i);
                    assertEquals("seg_s" + i, a.getName());
                    assertEquals(new Shape(2, 5, size >> i, size >> i), a.getShape());
                }
                Shape[] declared = block.getOutputShapes(new Shape[] {new Shape(2, 3, size, size), new Shape(2, 1, size, size)});
                for (int i = 0; i < out.size(); i++) {
                    assertEquals(declared[i], out.get(i).getShape());
                }
            }
        }
    }

    @Test
    void nonSquareInputsWork() {
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            Block block = initialised(model, new SwapArchitecture(), 0.25, 32);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray mask = scope.zeros(new Shape(1, 1, 48, 80));
                mask.set(new ai.djl.ndarray.index.NDIndex(":, :, 10:30, 20:50"), 1f);
                NDArray image = scope.randomUniform(-1, 1, new Shape(1, 3, 48, 80)).mul(mask.neg().add(1));
                NDList out = block.forward(new ParameterStore(scope, false), new NDList(image, mask), false);
                assertEquals(new Shape(1, 3, 48, 80), out.get(0).getShape());
                assertEquals(new Shape(1, 8, 3, 5), out.get(9).getShape());
            }
        }
    }
}
