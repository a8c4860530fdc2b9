package org.inpaint.inference.neural.lbam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.ExactGradients;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Precision;
import org.junit.jupiter.api.Test;

class LbamGeneratorTest {

    private static final int SIZE = 128;

    /** An irregular hole: a disc plus a bar touching the right border. 1 = hole (our API's convention). */
    private static float[] holes(int n) {
        float[] h = new float[n * SIZE * SIZE];
        for (int k = 0; k < n; k++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    boolean disc = (x - 45) * (x - 45) + (y - 60) * (y - 60) < 21 * 21;
                    boolean bar = y >= 90 + 7 * k && y < 101 + 7 * k && x >= 70;
                    h[(k * SIZE + y) * SIZE + x] = disc || bar ? 1 : 0;
                }
            }
        }
        return h;
    }

    private static NDList inputs(NDManager m, int n) {
        NDArray holes = m.create(holes(n), new Shape(n, 1, SIZE, SIZE));
        NDArray image = m.randomUniform(-1, 1, new Shape(n, 3, SIZE, SIZE)).mul(holes.neg().add(1));
        return new NDList(image, holes);
    }

    private static NDArray named(NDList out, String name) {
        for (NDArray a : out) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        throw new AssertionError("no output named " + name);
    }

    private static Parameter parameter(Block block, String child, String suffix) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().matches("\\d+" + child + "_\\d+" + suffix)) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter " + child + "/" + suffix);
    }

    /** 4×4 window, stride 2, zero padding 1, mean over the 16 taps: a mask convolution with every weight 1/16. */
    private static double[] meanPool(float[] plane, int side) {
        int o = side / 2;
        double[] r = new double[o * o];
        for (int oy = 0; oy < o; oy++) {
            for (int ox = 0; ox < o; ox++) {
                double s = 0;
                for (int ky = 0; ky < 4; ky++) {
                    for (int kx = 0; kx < 4; kx++) {
                        int y = 2 * oy - 1 + ky, x = 2 * ox - 1 + kx;
                        if (y >= 0 && y < side && x >= 0 && x < side) {
                            s += plane[y * side + x];
                        }
                    }
                }
                r[oy * o + ox] = s / 16;
            }
        }
        return r;
    }

    private static double gA(double x) {
        return x < 2.0 ? 1.1 * Math.exp(-(x - 2) * (x - 2)) : 1 + 0.1 * Math.exp(-(x - 2) * (x - 2));
    }

    @Test
    void reversePathStartsFromTheComplementOfTheKnownMask() {
        double width = 0.25;
        int[] c = Arrays.stream(LbamArchitecture.ENCODER_CHANNELS).map(ch -> NetworkArchitecture.scaled(ch, width)).toArray();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(4);
            LbamGenerator g = (LbamGenerator) new LbamArchitecture().build(width);
            g.exposeAttention(true);
            g.initialize(m, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE), new Shape(1, 1, SIZE, SIZE));
            NDList in = inputs(m, 2);
            float[] holes = in.get(1).toFloatArray();
            NDList out = g.forward(new ParameterStore(m, false), in, false);

            // LBAM's M^in (1 = known) is 1 - holes; the reverse path's input is 1 - M^in, at full resolution.
            NDArray reverseInput = named(out, "reverse_mask_input");
            assertEquals(new Shape(2, 1, SIZE, SIZE), reverseInput.getShape());
            float[] expected = new float[holes.length];
            for (int i = 0; i < holes.length; i++) {
                float known = 1 - holes[i];
                expected[i] = 1 - known;
            }
            assertArrayEquals(expected, reverseInput.toFloatArray(), 0f);

            // Level l's reverse map and mask sit at SIZE / 2^l with the matching encoder layer's channels.
            for (int l = 1; l <= LbamGenerator.LEVELS; l++) {
                Shape s = new Shape(2, c[l - 1], SIZE >> l, SIZE >> l);
                assertEquals(s, named(out, "reverse_map_" + l).getShape(), "reverse_map_" + l);
                assertEquals(s, named(out, "reverse_mask_" + l).getShape(), "reverse_mask_" + l);
                assertEquals(s, named(out, "forward_map_" + l).getShape(), "forward_map_" + l);
            }

            // The first reverse map is g_A of the learned mask convolution of that input (Eq. 12).
            NDArray w1 = parameter(g, "rev1", "mask_conv_weight").getArray();
            float[] convolved = NnOps.conv2d(reverseInput, w1, null, 2, 1, 1, 1).toFloatArray();
            float[] map1 = named(out, "reverse_map_1").toFloatArray();
            for (int i = 0; i < convolved.length; i++) {
                assertEquals(gA(convolved[i]), map1[i], 1e-5, "reverse_map_1[" + i + "]");
            }

            // With the mask convolutions set to the paper's "unlearned" 1/16 filters, level 1 must be the 4×4 mean of
            // the hole mask (reverse path) and of the known mask (forward path), downsampled by 2.
            parameter(g, "rev1", "mask_conv_weight").getArray().set(filled(c[0] * 16, 1f / 16));
            parameter(g, "enc1", "mask_conv_weight").getArray().set(filled(c[0] * 16, 1f / 16));
            NDList unlearned = g.forward(new ParameterStore(m, false), in, false);
            float[] reverseMask1 = named(unlearned, "reverse_mask_1").toFloatArray();
            float[] reverseMap1 = named(unlearned, "reverse_map_1").toFloatArray();
            float[] forwardMap1 = named(unlearned, "forward_map_1").toFloatArray();
            int half = SIZE / 2;
            for (int k = 0; k < 2; k++) {
                float[] plane = Arrays.copyOfRange(holes, k * SIZE * SIZE, (k + 1) * SIZE * SIZE);
                float[] knownPlane = new float[plane.length];
                for (int i = 0; i < plane.length; i++) {
                    knownPlane[i] = 1 - plane[i];
                }
                double[] holeMean = meanPool(plane, SIZE);
                double[] knownMean = meanPool(knownPlane, SIZE);
                for (int ch = 0; ch < c[0]; ch++) {
                    for (int i = 0; i < half * half; i++) {
                        int at = (k * c[0] + ch) * half * half + i;
                        assertEquals(Math.pow(holeMean[i], 0.8), reverseMask1[at], 1e-5);
                        assertEquals(gA(holeMean[i]), reverseMap1[at], 1e-5);
                        assertEquals(gA(knownMean[i]), forwardMap1[at], 1e-5);
                    }
                }
            }
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * On the exact path ({@link ExactGradients}): oneDNN's weight gradient for the mask convolutions is NaN in every
     * element about once in a hundred fresh generators, which training repeats on this path.
     */
    @Test
    void everyParameterIncludingTheGaussianScalarsGetsAFiniteNonZeroGradient() {
        try (Precision.Scope exact = ExactGradients.enter()) {
            assertEquals("", nonFiniteGradientsAfterOneBackward());
        }
    }

    /** Checks every parameter got a non-zero gradient; returns those with non-finite elements (empty when none). */
    private String nonFiniteGradientsAfterOneBackward() {
        try (Model model = Model.newInstance("lbam", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(6);
            Block g = new LbamArchitecture().build(0.25);
            model.setBlock(g);
            g.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, SIZE, SIZE), new Shape(2, 1, SIZE, SIZE));
            int gaussianScalars = 0;
            StringBuilder nonFinite = new StringBuilder();
            try (NDManager scope = model.getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDList in = inputs(scope, 2);
                NDArray target = scope.randomUniform(-1, 1, new Shape(2, 3, SIZE, SIZE));
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = g.forward(ps, in, true).get(0);
                    gc.backward(y.sub(target).abs().mean());
                }
                for (Pair<String, Parameter> p : g.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        long bad = Arrays.stream(toDoubles(p.getValue().getArray().getGradient().toFloatArray()))
                                .filter(d -> !Double.isFinite(d)).count();
                        if (bad > 0) {
                            nonFinite.append(p.getKey()).append(": ").append(bad).append(" of ")
                                    .append(p.getValue().getArray().size()).append(" non-finite; ");
                        }
                    }
                }
                for (Pair<String, Parameter> p : g.getParameters()) {
                    if (!p.getValue().requiresGradient()) {
                        continue;
                    }
                    float[] v = p.getValue().getArray().getGradient().toFloatArray();
                    boolean nonZero = false;
                    for (float f : v) {
                        nonZero |= f != 0;
                    }
                    assertTrue(nonZero, p.getKey() + " got no gradient");
                    if (p.getKey().matches(".*_\\d+g_a_(a|mu|gamma_l|gamma_r)")) {
                        gaussianScalars++;
                    }
                }
            }
            assertEquals(12 * 4, gaussianScalars, "a, μ, γl, γr for 6 forward and 6 reverse attention layers");
            return nonFinite.toString();
        }
    }

    @Test
    void fullWidthParameterCountFlopsAndTiming() {
        // Hand count at width 1 (channels 64-128-256-512-512-512-512; all 4×4 kernels, no bias):
        long encoder = 16L * (3 * 64 + 64 * 128 + 128 * 256 + 256 * 512 + 3 * 512 * 512);
        long forwardMasks = 16L * (64 + 64 * 128 + 128 * 256 + 256 * 512 + 2 * 512 * 512);
        long reverseMasks = forwardMasks;
        long decoder = 16L * (512 * 512 + 2 * 1024 * 512 + 1024 * 256 + 512 * 128 + 256 * 64 + 128 * 3);
        long batchNorm = 2L * ((128 + 256 + 512 + 512 + 512 + 512) + (1024 + 1024 + 1024 + 512 + 256 + 128));
        long gaussians = 12 * 4;
        long expected = encoder + forwardMasks + reverseMasks + decoder + batchNorm + gaussians;
        assertEquals(64_118_320L, expected);
        try (Model model = Model.newInstance("lbam", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(2);
            Block g = new LbamArchitecture().build(1.0);
            model.setBlock(g);
            g.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 256, 256), new Shape(1, 1, 256, 256));
            long learnable = 0;
            long all = 0;
            Map<String, Long> byKind = new HashMap<>();
            for (Pair<String, Parameter> p : g.getParameters()) {
                long size = p.getValue().getArray().size();
                all += size;
                if (p.getValue().requiresGradient()) {
                    learnable += size;
                }
                byKind.merge(p.getValue().getType().name(), size, Long::sum);
            }
            System.out.printf("lbam w=1: %,d learnable parameters (%,d with batch-norm running statistics) %s%n",
                    learnable, all, byKind);
            // The paper gives no parameter count. The authors' code has ~68.3 M: 4 input channels (image + mask),
            // 3-channel masks and an attention map on encoder layer 7 as well.
            assertEquals(expected, learnable);
            assertEquals(expected + batchNorm, all);

            try (NDManager scope = model.getNDManager().newSubManager()) {
                ParameterStore ps = new ParameterStore(scope, false);
                NDArray holes = scope.zeros(new Shape(1, 1, 256, 256));
                holes.set(new NDIndex(":, :, 64:160, 80:200"), 1f);
                NDList in = new NDList(scope.randomUniform(-1, 1, new Shape(1, 3, 256, 256)).mul(holes.neg().add(1)), holes);
                NDArray[] out = new NDArray[1];
                long flop = FlopCounter.count(() -> out[0] = g.forward(ps, in, false).get(0));
                assertEquals(new Shape(1, 3, 256, 256), out[0].getShape());
                double gflop = flop / 1e9;
                // By hand: encoder convs 4.03, forward and reverse mask convs 3.93 each, decoder (polyphase, true
                // transposed-convolution work plus the one-pixel border) 8.98 -> about 20.9 GFLOP.
                System.out.printf("lbam w=1: %.2f GFLOP per 256x256 image%n", gflop);
                assertTrue(gflop > 19 && gflop < 23, "GFLOP " + gflop);
                long[] ms = new long[3];
                for (int i = 0; i < 3; i++) {
                    try (NDManager step = scope.newSubManager()) {
                        NDList stepIn = new NDList(in.get(0).duplicate(), in.get(1).duplicate());
                        stepIn.attach(step);
                        long t0 = System.nanoTime();
                        g.forward(new ParameterStore(step, false), stepIn, false).get(0).toFloatArray();
                        ms[i] = (System.nanoTime() - t0) / 1_000_000;
                    }
                }
                Arrays.sort(ms);
                System.out.printf("lbam w=1: forward 256x256 batch 1, median of 3: %d ms %s%n", ms[1], Arrays.toString(ms));
                assertNotNull(out[0]);
            }
        }
    }
}
