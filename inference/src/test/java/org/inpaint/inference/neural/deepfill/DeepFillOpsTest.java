package org.inpaint.inference.neural.deepfill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.inpaint.inference.neural.ops.NnOps;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

class DeepFillOpsTest extends TensorTest {

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(31);
    }

    @Test
    void mirrorPadIsReflectPadWhenItFitsAndPeriodicBeyond() {
        NDArray x = m.randomNormal(new Shape(1, 2, 5, 6));
        for (int p = 1; p <= 4; p++) {
            assertArrayEquals(NnOps.reflectPad(x, p).toFloatArray(), DeepFillOps.mirrorPad(x, p).toFloatArray(), 0f);
        }

        NDArray large = m.randomNormal(new Shape(1, 2, 400, 401));   // above the gather limit: slices and flips
        for (int p : new int[] {1, 2, 16}) {
            assertArrayEquals(NnOps.reflectPad(large, p).toFloatArray(), DeepFillOps.mirrorPad(large, p).toFloatArray(), 0f);
        }

        NDArray row = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(1, 1, 2, 3));
        NDArray p = DeepFillOps.mirrorPad(row, 5);
        assertEquals(new Shape(1, 1, 12, 13), p.getShape());
        // numpy.pad([1, 2, 3], 5, mode="reflect") = [2 1 2 3 2 1 2 3 2 1 2 3 2]
        assertArrayEquals(new float[] {2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2}, p.get("0, 0, 5, :").toFloatArray(), 0f);
        // rows [1..3], [4..6] mirrored with period 2: row index 5 is the first original row
        assertArrayEquals(new float[] {5, 2, 5, 2, 5, 2, 5, 2, 5, 2, 5, 2}, p.get("0, 0, :, 6").toFloatArray(), 0f);
    }

    @Test
    void foldIsTheAdjointOfPatchExtraction() {
        for (int[] cfg : new int[][] {{4, 2, 1, 8}, {3, 1, 1, 7}, {6, 3, 1, 12}, {8, 4, 2, 16}, {2, 1, 0, 5}}) {
            int k = cfg[0], stride = cfg[1], pad = cfg[2], side = cfg[3];
            NDArray x = m.randomNormal(new Shape(1, 3, side, side));
            NDArray cols = NnOps.patchesAsChannels(x, k, stride, pad);
            NDArray y = m.randomNormal(cols.getShape());
            NDArray folded = DeepFillOps.fold(y, 3, k, stride, pad, side, side);
            assertEquals(x.getShape(), folded.getShape());
            float lhs = cols.mul(y).sum().getFloat();
            float rhs = x.mul(folded).sum().getFloat();
            assertEquals(lhs, rhs, 1e-3f * Math.max(1, Math.abs(lhs)), "k" + k + " s" + stride + " p" + pad);
        }
    }

    /** Fold is linear with patch extraction as its adjoint, so the gradient it passes back is the patches of its own. */
    @Test
    void foldPassesBackThePatchesOfItsGradient() {
        for (int[] cfg : new int[][] {{4, 2, 1, 8}, {3, 1, 1, 7}, {8, 4, 2, 16}}) {
            int k = cfg[0], stride = cfg[1], pad = cfg[2], side = cfg[3];
            NDArray upstream = m.randomNormal(new Shape(2, 3, side, side));
            NDArray cols = m.randomNormal(NnOps.patchesAsChannels(upstream, k, stride, pad).getShape());
            cols.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(DeepFillOps.fold(cols, 3, k, stride, pad, side, side).mul(upstream).sum());
            }
            assertArrayEquals(NnOps.patchesAsChannels(upstream, k, stride, pad).toFloatArray(), cols.getGradient().toFloatArray(),
                    1e-5f, "k" + k + " s" + stride + " p" + pad);
        }
    }

    @Test
    void foldCountsAreTheFoldOfOnes() {
        // 4×4 patches at stride 2 with padding 1: 4 overlaps inside, 2 on the edges, 1 in the corners
        NDArray counts = DeepFillOps.foldCounts(m, 4, 4, 4, 2, 1, 8, 8);
        float[] c = counts.toFloatArray();
        assertEquals(1f, c[0], 0f);
        assertEquals(2f, c[1], 0f);
        assertEquals(4f, c[9], 0f);
        assertEquals(4f, c[3 * 8 + 4], 0f);
        assertEquals(1f, c[63], 0f);
        assertArrayEquals(DeepFillOps.fold(m.ones(new Shape(1, 16, 4, 4)), 1, 4, 2, 1, 8, 8).toFloatArray(), c, 0f);
        assertArrayEquals(DeepFillOps.fold(m.ones(new Shape(1, 9, 5, 6)), 1, 3, 1, 1, 5, 6).toFloatArray(),
                DeepFillOps.foldCounts(m, 5, 6, 3, 1, 1, 5, 6).toFloatArray(), 0f);
    }

    @Test
    void cachedKernelPatchesAndIndexDownsamplingMatchTheSharedOps() {
        NDArray x = m.randomNormal(new Shape(2, 3, 8, 10));
        for (int[] cfg : new int[][] {{3, 1, 1}, {4, 2, 1}, {3, 2, 1}}) {
            for (int repeat = 0; repeat < 2; repeat++) {
                assertArrayEquals(NnOps.patchesAsChannels(x, cfg[0], cfg[1], cfg[2]).toFloatArray(),
                        DeepFillOps.patches(x, cfg[0], cfg[1], cfg[2]).toFloatArray(), 0f);
            }
        }
        assertArrayEquals(NnOps.downsampleNearest(x, 2).toFloatArray(), DeepFillOps.downsampleNearest(x, 2).toFloatArray(), 0f);
    }

    @Test
    void downsampleMaxMarksACellWithAnyHolePixel() {
        float[] v = new float[64];
        v[8 + 5] = 1; // row 1, col 5
        NDArray d = DeepFillOps.downsampleMax(m.create(v, new Shape(1, 1, 8, 8)), 4);
        assertArrayEquals(new float[] {0, 1, 0, 0}, d.toFloatArray(), 0f);
    }
}
