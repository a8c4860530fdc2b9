package org.inpaint.inference.neural.csa;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CsaArchitectureTest {

    private static Block initialised(Model model, double width, int size) {
        return new CsaArchitecture().buildInto(model, width, size);
    }

    private static NDList centredHole(NDManager m, int n, int size) {
        NDArray image = m.randomUniform(-1, 1, new Shape(n, 3, size, size));
        float[] mask = new float[n * size * size];
        for (int k = 0; k < n; k++) {
            for (int y = size / 4; y < 3 * size / 4; y++) {
                for (int x = size / 4; x < 3 * size / 4; x++) {
                    mask[k * size * size + y * size + x] = 1;
                }
            }
        }
        NDArray holes = m.create(mask, new Shape(n, 1, size, size));
        return new NDList(image.mul(holes.neg().add(1)), holes);
    }

    /** One width-1 network shared by the two tests that need it (initialising 132 M parameters takes seconds). */
    private static Model full;

    @BeforeAll
    static void buildFullWidth() {
        Engine.getEngine("PyTorch").setRandomSeed(1);
        full = Model.newInstance("csa", "PyTorch");
        initialised(full, 1.0, 256);
    }

    @AfterAll
    static void closeFullWidth() {
        full.close();
    }

    /**
     * Hand count at width 1: rough network 54,415,555 (pix2pix U-Net with a 4-channel input, affine IN, no biases
     * before IN), refinement network 77,680,195. The paper gives no parameter count. The authors' code has the same
     * layers plus the dead biases in front of each IN (15,872 more) and 3- and 6-channel inputs instead of 4 and 4
     * (128 more): 132,111,750.
     */
    @Test
    void parameterCountAtWidthOne() {
        long total = 0;
        long rough = 0;
        for (Pair<String, Parameter> p : full.getBlock().getParameters()) {
            long size = p.getValue().getArray().size();
            total += size;
            if (p.getKey().contains("rough")) {
                rough += size;
            }
        }
        System.out.printf("csa parameters at w=1: %,d (rough %,d, refinement %,d)%n", total, rough, total - rough);
        assertEquals(54_415_555L, rough);
        assertEquals(132_095_750L, total);
    }

    /**
     * Counted work per 256² image at width 1 (2 FLOP per multiply-add). By hand: rough encoder 4.1 GFLOP, its decoder
     * 8.1; refinement encoder 18.4, its decoder 27.4 (of which the 3×3 transposed convolutions 18.0); CSA under 1: about
     * 58 GFLOP, plus a little for the phase-decomposed transposed convolutions' extra border row and column. (Through
     * the zero-insertion transposed convolution the same network counted 110.5 GFLOP.) Also prints the median time of
     * three forwards, not asserted.
     */
    @Test
    void gflopPerImageAt256AndTimedForward() {
        Block block = full.getBlock();
        long[] times = new long[3];
        long flop = 0;
        for (int i = 0; i < times.length; i++) {
            try (NDManager scope = full.getNDManager().newSubManager()) {
                NDList in = centredHole(scope, 1, 256);
                long t0 = System.nanoTime();
                long f = FlopCounter.count(() -> block.forward(new ParameterStore(scope, false), in, false).get(0).toFloatArray());
                times[i] = System.nanoTime() - t0;
                flop = f;
            }
        }
        Arrays.sort(times);
        System.out.printf("csa w=1 256²: %.2f GFLOP/image, forward median of 3: %d ms%n", flop / 1e9, times[1] / 1_000_000);
        assertTrue(flop > 55e9 && flop < 65e9, "GFLOP " + flop / 1e9);
    }

    @Test
    void auxiliaryOutputsHaveTheirNamesAndShapes() {
        int size = 256;
        try (Model model = Model.newInstance("csa", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(2);
            Block block = initialised(model, 0.25, size);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList in = centredHole(scope, 2, size);
                NDList out = block.forward(new ParameterStore(scope, false), in, false);
                Shape[] declared = block.getOutputShapes(new Shape[] {new Shape(2, 3, size, size), new Shape(2, 1, size, size)});
                String[] names = {null, "coarse", "csa_features", "csa_decoder_features", "attention_flow", "csa_mask"};
                Shape[] shapes = {new Shape(2, 3, size, size), new Shape(2, 3, size, size), new Shape(2, 128, 32, 32),
                    new Shape(2, 128, 32, 32), new Shape(2, 2, 32, 32), new Shape(2, 1, 32, 32)};
                assertEquals(names.length, out.size());
                for (int i = 0; i < names.length; i++) {
                    if (names[i] != null) {
                        assertEquals(names[i], out.get(i).getName());
                    }
                    assertEquals(shapes[i], out.get(i).getShape(), "output " + i);
                    assertEquals(shapes[i], declared[i], "declared output " + i);
                }
                float[] mask = out.get(5).toFloatArray();
                float[] flow = out.get(4).toFloatArray();
                int holes = 0;
                for (int p = 0; p < mask.length; p++) {
                    int b = p / 1024;
                    int cell = p % 1024;
                    float dy = flow[b * 2048 + cell];
                    float dx = flow[b * 2048 + 1024 + cell];
                    if (mask[p] == 0) {
                        assertEquals(0f, dy);
                        assertEquals(0f, dx);
                    } else {
                        holes++;
                        int ty = cell / 32 + (int) dy;
                        int tx = cell % 32 + (int) dx;
                        assertTrue(ty >= 0 && ty < 32 && tx >= 0 && tx < 32, "flow points inside the map");
                        assertEquals(0f, mask[b * 1024 + ty * 32 + tx], "flow points at a known cell");
                    }
                }
                assertEquals(2 * 16 * 16, holes, "a centred half-size hole is 16×16 cells at 32×32");
                assertTrue(out.get(1).max().getFloat() <= 1f && out.get(1).min().getFloat() >= -1f);
            }
        }
    }

    @Test
    void sizeMultipleAlignsEverySkipConnection() {
        CsaArchitecture a = new CsaArchitecture();
        assertEquals(256, a.sizeMultiple());
        assertEquals("csa", a.name());
        try (Model model = Model.newInstance("csa", "PyTorch")) {
            Block block = initialised(model, 0.0625, 512);
            Shape[] out = block.getOutputShapes(new Shape[] {new Shape(1, 3, 512, 256), new Shape(1, 1, 512, 256)});
            assertEquals(new Shape(1, 3, 512, 256), out[0]);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDArray image = scope.zeros(new Shape(1, 3, 512, 256));
                NDArray mask = scope.zeros(new Shape(1, 1, 512, 256));
                NDList r = block.forward(new ParameterStore(scope, false), new NDList(image, mask), false);
                assertEquals(new Shape(1, 3, 512, 256), r.get(0).getShape());
                assertEquals(new Shape(1, 2, 64, 32), r.get(4).getShape());
            }
        }
    }
}
