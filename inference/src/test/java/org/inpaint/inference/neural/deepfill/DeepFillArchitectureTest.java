package org.inpaint.inference.neural.deepfill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.inference.neural.AttentionFlowImage;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.inference.neural.AttentionFlowImage;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.junit.jupiter.api.Test;

class DeepFillArchitectureTest {

    private static Block initialised(Model model, NetworkArchitecture arch, double width, int size) {
        Block block = arch.buildInto(model, width, size);
        return block;
    }

    private static NDList inputs(NDManager m, int n, int size) {
        NDArray mask = m.zeros(new Shape(n, 1, size, size));
        mask.set(new ai.djl.ndarray.index.NDIndex(":, :, {}:{}, {}:{}", size / 4, size / 2, size / 3, 2 * size / 3), 1f);
        NDArray image = m.randomUniform(-1, 1, new Shape(n, 3, size, size)).mul(mask.neg().add(1));
        return new NDList(image, mask);
    }

    /**
     * With a prefill the coarse stage is a residual too: untrained, its output ("coarse") is the prefilled input
     * itself, so the refinement reads the prefill in the holes, the fill its own output is added to.
     */
    @Test
    void withAPrefillTheRefinementReadsThePrefillNotAnUntrainedCoarseGuess() {
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            Block block = new DeepFillArchitecture().buildInto(model, 0.25, org.inpaint.inference.neural.Prefill.NS, 64);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList in = inputs(scope, 2, 64);
                NDArray prefilled = in.get(0).add(in.get(1).mul(0.3f)); // any values in the holes
                NDList out = block.forward(new ParameterStore(scope, false), new NDList(prefilled, in.get(1)), false);
                assertEquals("coarse", out.get(1).getName());
                assertArrayEquals(prefilled.toFloatArray(), out.get(1).toFloatArray(), 0f);
                assertArrayEquals(prefilled.toFloatArray(), out.get(0).toFloatArray(), 0f);
            }
            // exactly the last convolution of each stage starts at zero, so every other layer learns from step two on
            String lastCoarse = null, lastRefine = null;
            List<String> zeroed = new java.util.ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                String key = p.getKey();
                if (key.endsWith("_weight") && key.contains("coarse_")) {
                    lastCoarse = key;
                } else if (key.endsWith("_weight") && key.contains("refine_decoder_")) {
                    lastRefine = key;
                }
                if (key.endsWith("_weight") && p.getValue().getArray().abs().sum().getFloat() == 0f) {
                    zeroed.add(key);
                }
            }
            assertEquals(List.of(lastCoarse, lastRefine), zeroed);
        }
    }

    /**
     * 3,767,558 at w = 1: coarse network 1,448,227 + dilated branch 1,018,816 + attention branch 723,648 + decoder
     * 576,867 (Appendix D, biases included). The paper's "2.9M" is 2 × 1,448,227 = 2,896,454, i.e. two copies of
     * the Appendix D encoder-decoder (the baseline two-stage model, without the second, parallel encoder); the
     * authors' released code also has thinner refinement encoders (3,601,542 in all) than Appendix D lists.
     */
    @Test
    void parameterCountAtFullWidth() {
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Block block = initialised(model, new DeepFillArchitecture(), 1.0, 64);
            long total = 0;
            long coarse = 0;
            for (Pair<String, Parameter> p : block.getParameters()) {
                long n = p.getValue().getArray().size();
                total += n;
                if (p.getKey().contains("coarse")) {
                    coarse += n;
                }
            }
            System.out.printf("deepfill w=1: %,d parameters (coarse %,d)%n", total, coarse);
            assertEquals(1_448_227, coarse);
            assertEquals(3_767_558, total);
        }
    }

    @Test
    void fullWidthForwardOnASmallInputGivesTheNamedOutputs() {
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(1);
            Block block = initialised(model, new DeepFillArchitecture(), 1.0, 64);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList in = inputs(scope, 1, 64);
                NDList out = block.forward(new ParameterStore(scope, false), in, false);
                assertEquals(3, out.size());
                assertEquals(new Shape(1, 3, 64, 64), out.get(0).getShape());
                assertEquals("coarse", out.get(1).getName());
                assertEquals(new Shape(1, 3, 64, 64), out.get(1).getShape());
                assertEquals("attention_flow", out.get(2).getName());
                assertEquals(new Shape(1, 2, 8, 8), out.get(2).getShape());
                assertTrue(Arrays.equals(block.getOutputShapes(new Shape[] {in.get(0).getShape(), in.get(1).getShape()}),
                        new Shape[] {out.get(0).getShape(), out.get(1).getShape(), out.get(2).getShape()}));
                // the flow is zero outside the hole (rows 2..3, cols 2..5 of the 8×8 grid after max-pooling)
                float[] flow = out.get(2).toFloatArray();
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        boolean hole = y >= 2 && y <= 3 && x >= 2 && x <= 5;
                        if (!hole) {
                            assertEquals(0f, flow[y * 8 + x], 0f);
                            assertEquals(0f, flow[64 + y * 8 + x], 0f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bothMemoryOptionsRun() {
        for (int[] cfg : new int[][] {{2, 1}, {1, 4}, {2, 2}}) {
            DeepFillArchitecture arch = new DeepFillArchitecture(cfg[0], cfg[1]);
            int size = Math.max(64, arch.sizeMultiple());
            try (Model model = Model.newInstance("deepfill", "PyTorch")) {
                Block block = initialised(model, arch, 0.25, size);
                try (NDManager scope = model.getNDManager().newSubManager()) {
                    NDList out = block.forward(new ParameterStore(scope, false), inputs(scope, 2, size), false);
                    int grid = size / 4 / cfg[1];
                    assertEquals(new Shape(2, 2, grid, grid), out.get(2).getShape());
                    assertEquals(new Shape(2, 3, size, size), out.get(0).getShape());
                }
            }
        }
    }

    /**
     * Through the engine, at a size that is not a multiple of 8 (padded to 64×56, so the dilation-16 layers pad
     * 14-pixel sides by 16): image out at the input size, and the flow renders at the image size.
     */
    @Test
    void servesOddSizesAndTheFlowRenders() {
        int w = 60, h = 52;
        NetworkArchitecture arch = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Block block = initialised(model, arch, 0.25, 64);
            EngineInfo info = new EngineInfo("deepfill", EngineKind.NEURAL, arch.paper(), 256, 8, 8, "cpu", true, "test");
            NeuralEngine engine = new NeuralEngine(arch, block, model, info);
            byte[] rgb = new byte[w * h * 3];
            new java.util.Random(3).nextBytes(rgb);
            Mask hole = Mask.ofBoxes(w, h, List.of(new Rect(20, 12, 16, 20)));
            Map<String, NeuralEngine.Auxiliary> aux = new HashMap<>();
            EngineInput input = new EngineInput(new RgbImage(w, h, rgb), hole);
            RgbImage out = engine.run(List.of(input), aux).get(0);
            assertEquals(w, out.width());
            assertEquals(h, out.height());
            float[] flow = aux.get("attention_flow").data();
            assertEquals(2 * 7 * 8, flow.length);   // padded 56×64 -> 14×16 features -> 7×8 matching grid
            assertArrayEquals(new long[] {1, 2, 7, 8}, aux.get("attention_flow").shape());
            assertEquals(3 * 64 * 56, aux.get("coarse").data().length);
            RgbImage picture = AttentionFlowImage.render(flow, 7, 8, hole);
            assertEquals(w, picture.width());
            assertEquals(h, picture.height());
            assertEquals(picture, engine.attention(input).orElseThrow(), "the engine renders the same picture");
        }
    }

    /**
     * Hand count at 256², w = 1 (2 FLOP per multiply-add): coarse 19.31 G, dilated branch 10.19 G, attention
     * encoder 7.77 G, decoder 10.33 G, attention layer 6.80 G (matching 2.42, rebuilding 4.29, one-hot patch
     * extraction 0.09; propagation is additions, not counted): about 54.4 G.
     */
    @Test
    void gflopPerImageAt256() {
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Block block = initialised(model, new DeepFillArchitecture(), 1.0, 256);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList in = inputs(scope, 1, 256);
                double g = FlopCounter.count(() -> block.forward(new ParameterStore(scope, false), in, false).get(0).toFloatArray()) / 1e9;
                System.out.printf("deepfill w=1 256x256: %.2f GFLOP/image%n", g);
                assertTrue(g > 52 && g < 57, "GFLOP " + g);
            }
        }
    }
}
