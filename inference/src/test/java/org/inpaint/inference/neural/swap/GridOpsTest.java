package org.inpaint.inference.neural.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

class GridOpsTest extends TensorTest {

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(21);
    }

    @Test
    void poolingMatchesANaiveLoop() {
        int n = 2, c = 3, h = 6, w = 9, f = 3;
        NDArray x = m.randomNormal(new Shape(n, c, h, w));
        float[] xv = x.toFloatArray();
        float[] avg = GridOps.avgPool(x, f).toFloatArray();
        float[] max = GridOps.maxPool(x, f).toFloatArray();
        assertEquals(new Shape(n, c, h / f, w / f), GridOps.avgPool(x, f).getShape());
        int k = 0;
        for (int b = 0; b < n * c; b++) {
            for (int gy = 0; gy < h / f; gy++) {
                for (int gx = 0; gx < w / f; gx++, k++) {
                    float sum = 0, mx = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < f; i++) {
                        for (int j = 0; j < f; j++) {
                            float v = xv[(b * h + gy * f + i) * w + gx * f + j];
                            sum += v;
                            mx = Math.max(mx, v);
                        }
                    }
                    assertEquals(sum / (f * f), avg[k], 1e-5f);
                    assertEquals(mx, max[k], 0f);
                }
            }
        }
    }

    @Test
    void blockRowsAreStridedPatchesAndInvertExactly() {
        int b = 2;
        NDArray x = m.randomNormal(new Shape(2, 3, 4, 6));
        NDArray rows = GridOps.blocksAsRows(x, b);
        assertEquals(new Shape(2, 6, 12), rows.getShape());
        NDArray patches = NnOps.unfold(x, b, b, 0).transpose(0, 2, 1);
        assertArrayEquals(patches.toFloatArray(), rows.toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), GridOps.rowsAsBlocks(rows, 3, 2, 3, b).toFloatArray(), 0f);
    }
}
