package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StyleLossTest extends TensorTest {

    /** Gram matrix by loops: g[n][c][d] = Σ_yx f[n,c,y,x] f[n,d,y,x] / (C·H·W). */
    private static double[][][] gram(float[] f, int n, int c, int h, int w) {
        double[][][] g = new double[n][c][c];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < c; i++) {
                for (int j = 0; j < c; j++) {
                    double s = 0;
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            s += (double) f[at(b, i, y, x, c, h, w)] * f[at(b, j, y, x, c, h, w)];
                        }
                    }
                    g[b][i][j] = s / (c * h * w);
                }
            }
        }
        return g;
    }

    @Test
    void gramMatrixMatchesLoops() {
        float[] f = uniform(new SplittableRandom(2), 2 * 3 * 2 * 3, -1, 1);
        float[] g = StyleLoss.gram(array(m, f, 2, 3, 2, 3)).toFloatArray();
        double[][][] e = gram(f, 2, 3, 2, 3);
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    assertClose(e[b][i][j], g[(b * 3 + i) * 3 + j], "gram " + b + i + j);
                }
            }
        }
    }

    @Test
    void meanSquaredGramDifferenceAveragedOverLayers() {
        SplittableRandom r = new SplittableRandom(3);
        int[][] shapes = {{2, 3, 4, 4}, {2, 4, 2, 2}};
        NDList out = new NDList();
        NDList tgt = new NDList();
        double expected = 0;
        for (int[] s : shapes) {
            int size = s[0] * s[1] * s[2] * s[3];
            float[] a = uniform(r, size, 0, 2);
            float[] b = uniform(r, size, 0, 1);
            out.add(array(m, a, s[0], s[1], s[2], s[3]));
            tgt.add(array(m, b, s[0], s[1], s[2], s[3]));
            double[][][] ga = gram(a, s[0], s[1], s[2], s[3]);
            double[][][] gb = gram(b, s[0], s[1], s[2], s[3]);
            double sq = 0;
            for (int n = 0; n < s[0]; n++) {
                for (int i = 0; i < s[1]; i++) {
                    for (int j = 0; j < s[1]; j++) {
                        double d = ga[n][i][j] - gb[n][i][j];
                        sq += d * d;
                    }
                }
            }
            expected += sq / (s[0] * s[1] * s[1]);
        }
        expected /= shapes.length;
        assertClose(expected, StyleLoss.of(out, tgt).getFloat(), "style");
    }

    @Test
    void gradientShrinksFeaturesWhoseGramIsTooLarge() {
        // output features twice the target's: its Gram matrix is 4x too large, so descent must shrink every feature
        float[] b = uniform(new SplittableRandom(4), 1 * 2 * 2 * 2, 0.5, 1);
        float[] a = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 * b[i];
        }
        NDArray out = array(m, a, 1, 2, 2, 2);
        out.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(StyleLoss.of(new NDList(out), new NDList(array(m, b, 1, 2, 2, 2))));
        }
        for (float g : out.getGradient().toFloatArray()) {
            assertTrue(g > 0, "gradient " + g);
        }
    }
}
