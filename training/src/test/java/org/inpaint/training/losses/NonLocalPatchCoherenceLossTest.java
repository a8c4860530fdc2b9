package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NonLocalPatchCoherenceLossTest extends TensorTest {

    private static final int N = 2, C = 3, K = 2, S = 5, KP = 3;

    /** The k×k patch around (y, x) of image b as a vector, zeros outside the image. */
    private static double[] patch(float[] img, int b, int y, int x) {
        double[] v = new double[C * KP * KP];
        int i = 0;
        for (int c = 0; c < C; c++) {
            for (int dy = -KP / 2; dy <= KP / 2; dy++) {
                for (int dx = -KP / 2; dx <= KP / 2; dx++) {
                    int yy = y + dy, xx = x + dx;
                    v[i++] = yy >= 0 && yy < S && xx >= 0 && xx < S ? img[at(b, c, yy, xx, C, S, S)] : 0;
                }
            }
        }
        return v;
    }

    private static final class Case {
        float[] out, tgt, logits, mask;
        int[] labels;
    }

    private static Case randomCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Case k = new Case();
        k.out = uniform(r, N * C * S * S, -1, 1);
        k.tgt = uniform(r, N * C * S * S, -1, 1);
        k.logits = uniform(r, N * K * S * S, -1, 1);
        k.labels = new int[N * S * S];
        k.mask = new float[N * S * S];
        for (int b = 0; b < N; b++) {
            for (int y = 0; y < S; y++) {
                for (int x = 0; x < S; x++) {
                    k.labels[(b * S + y) * S + x] = x < 2 + b ? 0 : 1;
                    k.mask[(b * S + y) * S + x] = y >= 1 && y <= 3 && x >= 1 && x <= 3 ? 1 : 0;
                }
            }
        }
        return k;
    }

    private static double expected(Case k, long pairingSeed) {
        SplittableRandom random = new SplittableRandom(pairingSeed);
        double total = 0;
        for (int b = 0; b < N; b++) {
            for (int c = 0; c < K; c++) {
                List<int[]> ps = new ArrayList<>(), bs = new ArrayList<>();
                for (int y = 0; y < S; y++) {
                    for (int x = 0; x < S; x++) {
                        int pix = (b * S + y) * S + x;
                        int argmax = k.logits[at(b, 1, y, x, K, S, S)] > k.logits[at(b, 0, y, x, K, S, S)] ? 1 : 0;
                        if (k.mask[pix] == 1 && argmax == c) {
                            ps.add(new int[] {y, x});
                        }
                        if (k.mask[pix] == 0 && k.labels[pix] == c) {
                            bs.add(new int[] {y, x});
                        }
                    }
                }
                if (ps.isEmpty() || bs.isEmpty()) {
                    continue;
                }
                double[] mu = new double[C * KP * KP];
                for (int[] q : bs) {
                    double[] v = patch(k.tgt, b, q[0], q[1]);
                    for (int i = 0; i < mu.length; i++) {
                        mu[i] += v[i] / bs.size();
                    }
                }
                double sim = 0;
                for (int[] p : ps) {
                    int[] q = bs.get(random.nextInt(bs.size()));
                    double[] u = patch(k.out, b, p[0], p[1]);
                    double[] v = patch(k.tgt, b, q[0], q[1]);
                    double dot = 0, nu = 0, nv = 0;
                    for (int i = 0; i < mu.length; i++) {
                        dot += (u[i] - mu[i]) * (v[i] - mu[i]);
                        nu += (u[i] - mu[i]) * (u[i] - mu[i]);
                        nv += (v[i] - mu[i]) * (v[i] - mu[i]);
                    }
                    double di = 1 - dot / (Math.sqrt(nu) * Math.sqrt(nv));
                    sim += 1 - di / 2;
                }
                total += -Math.log(sim / ps.size());
            }
        }
        return total / N;
    }

    private NDArray[] arrays(Case k) {
        return new NDArray[] {array(m, k.out, N, C, S, S), array(m, k.logits, N, K, S, S), array(m, k.tgt, N, C, S, S),
            m.create(k.labels, new Shape(N, S, S)), array(m, k.mask, N, 1, S, S)};
    }

    @Test
    void matchesHandComputationWithTheSamePairs() {
        for (long seed : new long[] {19, 20}) {
            Case k = randomCase(seed);
            NDArray[] a = arrays(k);
            float got = new NonLocalPatchCoherenceLoss(KP).of(a[0], a[1], a[2], a[3], a[4], new SplittableRandom(seed * 7))
                    .getFloat();
            double want = expected(k, seed * 7);
            assertTrue(want > 0);
            assertClose(want, got, "seed " + seed);
        }
    }

    @Test
    void zeroWhenNoClassHasKnownPatches() {
        Case k = randomCase(21);
        NDArray[] a = arrays(k);
        // everything is hole: every B^c is empty, so every class contributes 0
        NDArray allHole = m.ones(new Shape(N, 1, S, S));
        float got = new NonLocalPatchCoherenceLoss(KP).of(a[0], a[1], a[2], a[3], allHole, new SplittableRandom(1)).getFloat();
        assertEquals(0f, got);
    }

    @Test
    void descentOnTheImageMakesPatchesMoreAlike() {
        Case k = randomCase(22);
        NDArray[] a = arrays(k);
        NonLocalPatchCoherenceLoss loss = new NonLocalPatchCoherenceLoss(KP);
        NDArray out = a[0];
        out.setRequiresGradient(true);
        float before;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.of(out, a[1], a[2], a[3], a[4], new SplittableRandom(5));
            before = l.getFloat();
            gc.backward(l);
        }
        NDArray g = out.getGradient();
        assertTrue(g.abs().sum().getFloat() > 0);
        NDArray stepped = out.sub(g.mul(0.05f)).stopGradient();
        float after = loss.of(stepped, a[1], a[2], a[3], a[4], new SplittableRandom(5)).getFloat();
        assertTrue(after < before, before + " -> " + after);
    }

    @Test
    void evenPatchesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NonLocalPatchCoherenceLoss(2));
    }
}
