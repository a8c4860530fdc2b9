package org.inpaint.inference.neural.csa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

class CoherentSemanticAttentionTest extends TensorTest {

    private static final int C = 4;
    private static final int H = 6;
    private static final int W = 6;

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(21);
    }

    /** Sample 0: positive features and a 2×3 hole (plain Eq. 3); sample 1: signed features and an irregular hole. */
    @Test
    void generateEqualsANaiveLoopOfEquationThree() {
        Random rnd = new Random(5);
        float[] f = new float[2 * C * H * W];
        for (int i = 0; i < C * H * W; i++) {
            f[i] = rnd.nextFloat();
            f[C * H * W + i] = (float) rnd.nextGaussian();
        }
        float[] mask = new float[2 * H * W];
        for (int y = 2; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                mask[y * W + x] = 1;
            }
        }
        for (int[] p : new int[][] {{0, 4}, {1, 4}, {1, 5}, {2, 2}, {3, 0}, {4, 3}, {5, 3}}) {
            mask[H * W + p[0] * W + p[1]] = 1;
        }
        NDArray features = m.create(f, new Shape(2, C, H, W));
        CoherentSemanticAttention.Result r = CoherentSemanticAttention.apply(features, m.create(mask, new Shape(2, 1, H, W)));
        float[] got = r.output().toFloatArray();
        float[] flow = r.flow().toFloatArray();
        assertEquals(new Shape(2, C, H, W), r.output().getShape());
        assertEquals(new Shape(2, 2, H, W), r.flow().getShape());
        for (int b = 0; b < 2; b++) {
            float[] expectedFlow = new float[2 * H * W];
            float[] expected = naive(f, mask, b, expectedFlow, b == 0);
            float[] actual = new float[C * H * W];
            System.arraycopy(got, b * C * H * W, actual, 0, actual.length);
            assertArrayEquals(expected, actual, 1e-5f, "sample " + b);
            float[] actualFlow = new float[2 * H * W];
            System.arraycopy(flow, b * 2 * H * W, actualFlow, 0, actualFlow.length);
            assertArrayEquals(expectedFlow, actualFlow, 0f, "flow of sample " + b);
        }
    }

    /**
     * Eq. 1-3 patch by patch: search the most similar known feature by cosine, then m_1 = m̄_1 and
     * m_i = (Dad_i m_{i-1} + Dmax_i m̄_i) / (Dad_i + Dmax_i), Dad_i = cos(m_i, m_{i-1}) with m_{i-1} generated.
     */
    private static float[] naive(float[] all, float[] mask, int b, float[] flow, boolean allPositive) {
        int hw = H * W;
        double[][] v = new double[hw][C];
        for (int p = 0; p < hw; p++) {
            for (int c = 0; c < C; c++) {
                v[p][c] = all[b * C * hw + c * hw + p];
            }
        }
        List<Integer> holes = new ArrayList<>();
        List<Integer> known = new ArrayList<>();
        for (int p = 0; p < hw; p++) {
            (mask[b * hw + p] > 0 ? holes : known).add(p);
        }
        double[][] out = v.clone();
        double[] previous = null;
        for (int p : holes) {
            int best = -1;
            double dmax = Double.NEGATIVE_INFINITY;
            for (int q : known) {
                double s = cos(v[p], v[q]);
                if (s > dmax) {
                    dmax = s;
                    best = q;
                }
            }
            flow[p] = best / W - p / W;
            flow[hw + p] = best % W - p % W;
            double[] g = new double[C];
            if (previous == null) {
                g = v[best].clone();
            } else {
                double dad = cos(v[p], previous);
                if (allPositive) {
                    assertTrue(dad > 0 && dmax > 0, "positive features give positive similarities");
                }
                dad = Math.max(dad, 0);
                double dm = Math.max(dmax, 0);
                for (int c = 0; c < C; c++) {
                    g[c] = dad + dm > 0 ? (dad * previous[c] + dm * v[best][c]) / (dad + dm) : v[best][c];
                }
            }
            out[p] = g;
            previous = g;
        }
        float[] r = new float[C * hw];
        for (int p = 0; p < hw; p++) {
            for (int c = 0; c < C; c++) {
                r[c * hw + p] = (float) out[p][c];
            }
        }
        return r;
    }

    private static double cos(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / (Math.sqrt(na) * Math.sqrt(nb));
    }

    @Test
    void searchPicksTheKnownPatchIdenticalToAHolePatch() {
        int hw = H * W;
        NDArray features = m.randomNormal(new Shape(C, H, W));
        // hole cell (2, 2) becomes 3 × the known cell (0, 5): same direction, cosine 1
        float[] f = features.toFloatArray();
        for (int c = 0; c < C; c++) {
            f[c * hw + 2 * W + 2] = 3 * f[c * hw + 5];
        }
        NDArray rows = m.create(f, new Shape(C, hw)).transpose();
        int[] holes = {2 * W + 1, 2 * W + 2, 2 * W + 3};
        List<Integer> knownList = new ArrayList<>();
        for (int p = 0; p < hw; p++) {
            if (p < 2 * W + 1 || p > 2 * W + 3) {
                knownList.add(p);
            }
        }
        int[] known = knownList.stream().mapToInt(Integer::intValue).toArray();
        CoherentSemanticAttention.Attention att = CoherentSemanticAttention.attend(
                rows.get(m.create(new long[] {holes[0], holes[1], holes[2]})),
                rows.get(m.create(knownList.stream().mapToLong(Integer::longValue).toArray())), holes, known);
        assertEquals(5, known[att.best[1]], "most similar known patch of the hole cell (2, 2)");
        assertEquals(1.0, att.dmax[1], 1e-5);
        float[] attention = att.attentionMatrix();
        for (int i = 0; i < holes.length; i++) {
            assertTrue(att.dmax[i] <= 1.00001f);
            float rowSum = 0;
            for (int q = 0; q < known.length; q++) {
                rowSum += attention[i * known.length + q];
            }
            assertEquals(1f, rowSum, 1e-5f, "attention rows are convex combinations");
        }
    }

    @Test
    void gradientReachesKnownFeaturesThroughTheAttentionAndPassesStraightThroughHoles() {
        int hw = H * W;
        NDArray features = m.randomUniform(0, 1, new Shape(1, C, H, W));
        float[] mask = new float[hw];
        int[] holes = {2 * W + 2, 2 * W + 3, 3 * W + 2, 3 * W + 3};
        for (int p : holes) {
            mask[p] = 1;
        }
        NDArray weights = m.randomNormal(new Shape(1, C, H, W));
        features.setRequiresGradient(true);
        float[] grad;
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray out = CoherentSemanticAttention.apply(features, m.create(mask, new Shape(1, 1, H, W))).output();
            gc.backward(out.mul(weights).sum());
        }
        grad = features.getGradient().toFloatArray();
        // expected: r at every cell (identity at known cells, straight-through at holes) + A^T r_holes at known cells
        float[] r = weights.toFloatArray();
        int[] known = new int[hw - holes.length];
        for (int p = 0, k = 0; p < hw; p++) {
            if (mask[p] == 0) {
                known[k++] = p;
            }
        }
        NDArray rows = features.stopGradient().reshape(C, hw).transpose();
        long[] hl = {holes[0], holes[1], holes[2], holes[3]};
        long[] kl = new long[known.length];
        for (int i = 0; i < known.length; i++) {
            kl[i] = known[i];
        }
        CoherentSemanticAttention.Attention att = CoherentSemanticAttention.attend(rows.get(m.create(hl)), rows.get(m.create(kl)), holes, known);
        float[] attention = att.attentionMatrix();
        float[] expected = r.clone();
        for (int i = 0; i < holes.length; i++) {
            for (int j = 0; j < known.length; j++) {
                float a = attention[i * known.length + j];
                for (int c = 0; c < C; c++) {
                    expected[c * hw + known[j]] += a * r[c * hw + holes[i]];
                }
            }
        }
        assertArrayEquals(expected, grad, 1e-5f);
    }

    @Test
    void aCentredHalfSizeHoleGivesTheSixteenBySixteenFeatureHoleOfAppendixA() {
        float[] mask = new float[256 * 256];
        for (int y = 64; y < 192; y++) {
            for (int x = 64; x < 192; x++) {
                mask[y * 256 + x] = 1;
            }
        }
        NDArray fm = CoherentSemanticAttention.featureMask(m.create(mask, new Shape(1, 1, 256, 256)), 3);
        assertEquals(new Shape(1, 1, 32, 32), fm.getShape());
        float[] v = fm.toFloatArray();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                boolean inside = y >= 8 && y < 24 && x >= 8 && x < 24;
                assertEquals(inside ? 1f : 0f, v[y * 32 + x], "cell " + y + "," + x);
            }
        }
    }

    @Test
    void samplesWithoutHolesOrWithoutKnownCellsPassThrough() {
        NDArray features = m.randomNormal(new Shape(2, C, H, W));
        float[] mask = new float[2 * H * W];
        for (int p = H * W; p < 2 * H * W; p++) {
            mask[p] = 1;
        }
        CoherentSemanticAttention.Result r = CoherentSemanticAttention.apply(features, m.create(mask, new Shape(2, 1, H, W)));
        assertArrayEquals(features.toFloatArray(), r.output().toFloatArray(), 0f);
        assertEquals(0f, r.flow().abs().sum().getFloat());
    }
}
