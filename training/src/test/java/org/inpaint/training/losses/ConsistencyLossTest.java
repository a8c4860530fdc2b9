package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsistencyLossTest extends TensorTest {

    private static final int N = 2, C = 3, H = 3, W = 4;

    private static float[] mask() {
        float[] mask = new float[N * H * W];
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    mask[at(n, 0, y, x, 1, H, W)] = (x >= 1 && x <= 2 && y >= n) ? 1f : 0f;
                }
            }
        }
        return mask;
    }

    @Test
    void squaredDistanceInsideTheHoleOnlyForBothFeatureMaps() {
        SplittableRandom r = new SplittableRandom(6);
        int size = N * C * H * W;
        float[] csa = uniform(r, size, -1, 1), dec = uniform(r, size, -1, 1), tgt = uniform(r, size, 0, 2);
        float[] mask = mask();
        double sum = 0;
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        if (mask[at(n, 0, y, x, 1, H, W)] == 0) {
                            continue;
                        }
                        int i = at(n, c, y, x, C, H, W);
                        sum += Math.pow(csa[i] - tgt[i], 2) + Math.pow(dec[i] - tgt[i], 2);
                    }
                }
            }
        }
        float got = ConsistencyLoss.of(array(m, csa, N, C, H, W), array(m, dec, N, C, H, W), array(m, tgt, N, C, H, W),
                array(m, mask, N, 1, H, W)).getFloat();
        assertClose(sum / size, got, "L_c");
    }

    @Test
    void gradientReachesHoleFeaturesOnly() {
        SplittableRandom r = new SplittableRandom(7);
        int size = N * C * H * W;
        float[] csa = uniform(r, size, -1, 1), tgt = uniform(r, size, -1, 1);
        float[] mask = mask();
        NDArray f = array(m, csa, N, C, H, W);
        f.setRequiresGradient(true);
        NDArray t = array(m, tgt, N, C, H, W);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(ConsistencyLoss.of(f, t, t, array(m, mask, N, 1, H, W)));
        }
        float[] g = f.getGradient().toFloatArray();
        for (int n = 0; n < N; n++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int i = at(n, c, y, x, C, H, W);
                        double expected = mask[at(n, 0, y, x, 1, H, W)] * 2.0 * (csa[i] - tgt[i]) / size;
                        if (expected == 0) {
                            assertEquals(0.0, g[i], 0.0, "outside the hole");
                        } else {
                            assertClose(expected, g[i], "grad " + i);
                        }
                    }
                }
            }
        }
    }
}
