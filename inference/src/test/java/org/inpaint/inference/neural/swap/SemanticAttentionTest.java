package org.inpaint.inference.neural.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

/**
 * SWAP's attention mixes only patches of one class: two classes whose known cells hold constant vectors a and b;
 * a hole pixel of class A must come out as a (a convex combination of class-A known cells only), with exactly zero
 * weight on every other cell.
 */
class SemanticAttentionTest extends TensorTest {

    private static final int C = 4;
    private static final float[] A = {1f, 0f, 2f, -1f};
    private static final float[] B = {-1f, 3f, 0.5f, 2f};

    /** A scene of side g·cell pixels: class 0 on the left half of the cell grid, class 1 on the right. */
    private static final class Scene {
        final int n, g, cell, side;
        final float[] feat;
        final float[] hole;
        final long[] cls;
        final Random rnd = new Random(5);

        Scene(int n, int g, int cell) {
            this.n = n;
            this.g = g;
            this.cell = cell;
            this.side = g * cell;
            feat = new float[n * C * side * side];
            hole = new float[n * side * side];
            cls = new long[n * g * g];
            for (int i = 0; i < feat.length; i++) {
                feat[i] = (float) rnd.nextGaussian();
            }
        }

        void setClass(int img, int gy, int gx, int c) {
            cls[(img * g + gy) * g + gx] = c;
        }

        int classOf(int img, int y, int x) {
            return (int) cls[(img * g + y / cell) * g + x / cell];
        }

        void setHole(int img, int y, int x) {
            hole[(img * side + y) * side + x] = 1;
        }

        boolean isHole(int img, int y, int x) {
            return hole[(img * side + y) * side + x] > 0;
        }

        boolean cellHasHole(int img, int gy, int gx) {
            for (int i = 0; i < cell; i++) {
                for (int j = 0; j < cell; j++) {
                    if (isHole(img, gy * cell + i, gx * cell + j)) {
                        return true;
                    }
                }
            }
            return false;
        }

        void set(int img, int y, int x, float[] v) {
            for (int c = 0; c < C; c++) {
                feat[((img * C + c) * side + y) * side + x] = v[c];
            }
        }

        float get(float[] f, int img, int c, int y, int x) {
            return f[((img * C + c) * side + y) * side + x];
        }

        /** Known cells of class 0 hold a, of class 1 hold b (swapped when {@code swap}); hole cells keep noise. */
        void fillKnown(int img, boolean swap) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    if (!cellHasHole(img, y / cell, x / cell)) {
                        int c = classOf(img, y, x);
                        if (c == 0) {
                            set(img, y, x, swap ? B : A);
                        } else if (c == 1) {
                            set(img, y, x, swap ? A : B);
                        }
                    }
                }
            }
        }

        SemanticAttention.Result run(NDManager m) {
            return SemanticAttention.attend(m.create(feat, new Shape(n, C, side, side)),
                    m.create(hole, new Shape(n, 1, side, side)),
                    m.create(cls, new Shape(n, g, g)).toType(DataType.INT64, false), cell, 3,
                    SemanticAttention.SOFTMAX_SCALE);
        }
    }

    private static Scene twoClasses(int n, int g, int cell, int holeFrom, int holeTo) {
        Scene s = new Scene(n, g, cell);
        for (int img = 0; img < n; img++) {
            for (int gy = 0; gy < g; gy++) {
                for (int gx = 0; gx < g; gx++) {
                    // image 1 has the classes mirrored, to check that images do not see each other
                    s.setClass(img, gy, gx, (gx < g / 2) == (img == 0) ? 0 : 1);
                }
            }
            for (int y = holeFrom; y < holeTo; y++) {
                for (int x = holeFrom; x < holeTo; x++) {
                    s.setHole(img, y, x);
                }
            }
        }
        return s;
    }

    private void assertAttentionStaysInClass(Scene s) {
        for (int img = 0; img < s.n; img++) {
            s.fillKnown(img, img == 1);
        }
        SemanticAttention.Result r = s.run(m);
        float[] w = r.weights().toFloatArray();
        float[] out = r.output().toFloatArray();
        int l = s.g * s.g;
        for (int img = 0; img < s.n; img++) {
            for (int q = 0; q < l; q++) {
                if (!s.cellHasHole(img, q / s.g, q % s.g)) {
                    continue;
                }
                float sum = 0;
                for (int k = 0; k < l; k++) {
                    float wk = w[(img * l + q) * l + k];
                    boolean sameClass = s.cls[img * l + q] == s.cls[img * l + k];
                    boolean known = !s.cellHasHole(img, k / s.g, k % s.g);
                    if (!sameClass || !known) {
                        assertEquals(0f, wk, 0f, "weight from cell " + q + " to cell " + k);
                    } else {
                        assertTrue(wk > 0, "a known cell of the same class must get weight");
                    }
                    sum += wk;
                }
                assertEquals(1f, sum, 1e-5f);
            }
            for (int y = 0; y < s.side; y++) {
                for (int x = 0; x < s.side; x++) {
                    for (int c = 0; c < C; c++) {
                        float got = s.get(out, img, c, y, x);
                        if (s.isHole(img, y, x)) {
                            float[] want = (s.classOf(img, y, x) == 0) != (img == 1) ? A : B;
                            assertEquals(want[c], got, 1e-5f, "hole pixel " + y + "," + x + " of image " + img);
                        } else {
                            assertEquals(s.get(s.feat, img, c, y, x), got, 0f, "known pixels keep their features");
                        }
                    }
                }
            }
        }
    }

    @Test
    void holeCellsAttendOnlyToKnownCellsOfTheirOwnClass() {
        assertAttentionStaysInClass(twoClasses(2, 8, 1, 2, 6));
    }

    @Test
    void withCellsOfSeveralPixelsPartlyKnownCellsAreNotKeysAndTheirKnownPixelsStay() {
        // 2×2 cells; the hole covers pixels 5..10, so cells 2..5 are hole cells with some known pixels
        assertAttentionStaysInClass(twoClasses(2, 8, 2, 5, 11));
    }

    @Test
    void aClassWithNoKnownCellFallsBackToAllKnownCells() {
        Scene s = twoClasses(1, 8, 1, 2, 6);
        for (int gx = 2; gx < 6; gx++) {
            s.setClass(0, 2, gx, 2);      // class 2 lives only inside the hole
            s.setClass(0, 3, gx, 2);
        }
        s.fillKnown(0, false);
        SemanticAttention.Result r = s.run(m);
        float[] w = r.weights().toFloatArray();
        float[] out = r.output().toFloatArray();
        int l = 64;
        for (int gx = 2; gx < 6; gx++) {
            int q = 2 * 8 + gx;
            float sum = 0;
            for (int k = 0; k < l; k++) {
                boolean known = !s.cellHasHole(0, k / 8, k % 8);
                float wk = w[q * l + k];
                if (known) {
                    assertTrue(wk > 0, "fallback: every known cell, of any class, may be attended");
                } else {
                    assertEquals(0f, wk, 0f);
                }
                sum += wk;
            }
            assertEquals(1f, sum, 1e-5f);
            // the output is a convex combination alpha·a + (1 − alpha)·b of the two classes' known values
            float alpha = (s.get(out, 0, 0, 2, gx) - B[0]) / (A[0] - B[0]);
            assertTrue(alpha > 0 && alpha < 1, "alpha " + alpha);
            for (int c = 1; c < C; c++) {
                assertEquals(alpha * A[c] + (1 - alpha) * B[c], s.get(out, 0, c, 2, gx), 1e-4f);
            }
        }
        // queries of classes that do have known cells stay restricted
        int q = 4 * 8 + 2;
        for (int k = 0; k < l; k++) {
            if (s.cls[k] != 0) {
                assertEquals(0f, w[q * l + k], 0f);
            }
        }
        assertEquals(A[2], s.get(out, 0, 2, 4, 2), 1e-5f);
    }

    @Test
    void anImageWithoutKnownCellsKeepsItsFeatures() {
        Scene s = twoClasses(1, 4, 2, 0, 8);
        SemanticAttention.Result r = s.run(m);
        assertArrayEquals(s.feat, r.output().toFloatArray(), 0f);
        assertEquals(0f, r.weights().abs().sum().getFloat(), 0f);
    }
}
