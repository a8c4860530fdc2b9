package org.inpaint.training.critics;

import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.util.SplittableRandom;
import org.inpaint.training.losses.PerceptualLoss;
import org.inpaint.training.losses.StyleLoss;
import org.junit.jupiter.api.Test;

class RandomVggFeaturesTest extends TensorTest {

    private NDArray image(long seed, int side) {
        return m.create(uniform(new SplittableRandom(seed), 3 * side * side, -1, 1), new Shape(1, 3, side, side));
    }

    @Test
    void layerShapesFollowVgg16() {
        RandomVggFeatures net = RandomVggFeatures.create(m, 7, 1.0 / 16, 4);
        NDList f = net.extract(image(1, 16));
        assertEquals(4, f.size());
        assertEquals(new Shape(1, 4, 8, 8), f.get(0).getShape());
        assertEquals(new Shape(1, 8, 4, 4), f.get(1).getShape());
        assertEquals(new Shape(1, 16, 2, 2), f.get(2).getShape());
        assertEquals(new Shape(1, 32, 2, 2), f.get(3).getShape());
        assertEquals("relu4_3", f.get(3).getName());
        Shape[] declared = net.getOutputShapes(new Shape[] {new Shape(1, 3, 16, 16)});
        for (int i = 0; i < 4; i++) {
            assertEquals(declared[i], f.get(i).getShape());
        }
    }

    @Test
    void sameSeedSameNetworkOtherSeedOtherNetwork() {
        NDArray x = image(2, 8);
        float[] a = RandomVggFeatures.create(m, 7, 1.0 / 16, 3).extract(x).get(2).toFloatArray();
        float[] b = RandomVggFeatures.create(m, 7, 1.0 / 16, 3).extract(x).get(2).toFloatArray();
        float[] c = RandomVggFeatures.create(m, 8, 1.0 / 16, 3).extract(x).get(2).toFloatArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void weightsAreHeNormalAndBiasesZero() {
        RandomVggFeatures net = RandomVggFeatures.create(m, 3, 0.25, 3);
        for (Pair<String, Parameter> p : net.getParameters()) {
            float[] w = p.getValue().getArray().toFloatArray();
            if (p.getValue().getType() == Parameter.Type.BIAS) {
                for (float v : w) {
                    assertEquals(0f, v);
                }
                continue;
            }
            Shape s = p.getValue().getArray().getShape();
            double fanIn = s.get(1) * s.get(2) * s.get(3);
            double sq = 0;
            for (float v : w) {
                sq += v * v;
            }
            double ratio = (sq / w.length) / (2.0 / fanIn);
            assertTrue(ratio > 0.6 && ratio < 1.4, p.getKey() + " variance ratio " + ratio);
        }
    }

    @Test
    void firstStageMatchesLoops() {
        // conv3-c, ReLU, conv3-c, ReLU (zero padding 1), then 2x2 max pooling, computed by hand from the weights
        RandomVggFeatures net = RandomVggFeatures.create(m, 5, 1.0 / 32, 1);
        int side = 4, c = net.channels(0);
        float[] x = uniform(new SplittableRandom(9), 3 * side * side, -1, 1);
        float[] out = net.extract(m.create(x, new Shape(1, 3, side, side))).get(0).toFloatArray();
        float[] w1 = weight(net, "conv1_1");
        float[] w2 = weight(net, "conv1_2");
        float[] h1 = convRelu(x, 3, w1, c, side);
        float[] h2 = convRelu(h1, c, w2, c, side);
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < side / 2; y++) {
                for (int xx = 0; xx < side / 2; xx++) {
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            mx = Math.max(mx, h2[at(0, ch, 2 * y + dy, 2 * xx + dx, c, side, side)]);
                        }
                    }
                    assertEquals(mx, out[at(0, ch, y, xx, c, side / 2, side / 2)], 1e-5 * Math.max(1, Math.abs(mx)));
                }
            }
        }
    }

    private static float[] weight(RandomVggFeatures net, String layer) {
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getKey().contains(layer) && p.getValue().getType() == Parameter.Type.WEIGHT) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no weight for " + layer + " in " + net.getParameters().keys());
    }

    private static float[] convRelu(float[] in, int cin, float[] w, int cout, int side) {
        float[] out = new float[cout * side * side];
        for (int o = 0; o < cout; o++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double s = 0;
                    for (int i = 0; i < cin; i++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int yy = y + ky - 1, xx = x + kx - 1;
                                if (yy >= 0 && yy < side && xx >= 0 && xx < side) {
                                    s += w[((o * cin + i) * 3 + ky) * 3 + kx] * in[at(0, i, yy, xx, cin, side, side)];
                                }
                            }
                        }
                    }
                    out[at(0, o, y, x, cout, side, side)] = (float) Math.max(0, s);
                }
            }
        }
        return out;
    }

    @Test
    void featureLossesBackpropagateIntoTheImageNotTheWeights() {
        RandomVggFeatures net = RandomVggFeatures.create(m, 11, 1.0 / 16, 3);
        NDArray fake = image(3, 16);
        fake.setRequiresGradient(true);
        NDList real = net.extract(image(4, 16));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList f = net.extract(fake);
            gc.backward(PerceptualLoss.of(f, real).mul(0.05).add(StyleLoss.of(f, real).mul(120)));
        }
        float norm = fake.getGradient().abs().sum().getFloat();
        assertTrue(norm > 0 && Float.isFinite(norm), "image gradient " + norm);
        for (Pair<String, Parameter> p : net.getParameters()) {
            assertFalse(p.getValue().requiresGradient(), p.getKey() + " must stay frozen");
        }
    }
}
