package org.inpaint.inference.neural.deepfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

class ContextualAttentionTest extends TensorTest {

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(21);
    }

    private NDArray holes(int side, int y0, int y1, int x0, int x1) {
        float[] v = new float[side * side];
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                v[y * side + x] = 1;
            }
        }
        return m.create(v, new Shape(1, 1, side, side));
    }

    /** Copies the rows×cols block at (sy, sx) onto (ty, tx) in channel-first (1, C, H, W). */
    private static NDArray copyBlock(NDArray f, int sy, int sx, int ty, int tx, int rows, int cols) {
        NDArray g = f.duplicate();
        g.set(new NDIndex(":, :, {}:{}, {}:{}", ty, ty + rows, tx, tx + cols),
                f.get(new NDIndex(":, :, {}:{}, {}:{}", sy, sy + rows, sx, sx + cols)));
        return g;
    }

    /**
     * Rate 1: the foreground around hole location (7, 7) is a copy of the background around (2, 13), so with a
     * high softmax scale every hole location in 6..8 × 6..8 attends there and the rebuilt feature at (7, 7) is the
     * background feature at (2, 13), within 1e-4 (the softmax leaves less than e^-50 of the mass elsewhere).
     */
    @Test
    void aHolePatchEqualToAKnownPatchIsRebuiltAsThatPatch() {
        int side = 16, c = 8;
        NDArray f = m.randomNormal(new Shape(1, c, side, side));
        // hole 4..10 × 4..10; the 5×5 block 5..9 × 5..9 copied from 0..4 × 11..15 (shift dy = -5, dx = +6)
        f = copyBlock(f, 0, 11, 5, 5, 5, 5);
        NDArray holes = holes(side, 4, 10, 4, 10);
        for (int fuse : new int[] {1, 3}) {
            ContextualAttention att = new ContextualAttention(3, 1, 1, fuse, 1000f);
            ContextualAttention.Result r = att.attend(f, holes);
            float[] want = f.get(new NDIndex(":, :, 2, 13")).toFloatArray();
            float[] got = r.features().get(new NDIndex(":, :, 7, 7")).toFloatArray();
            for (int i = 0; i < c; i++) {
                assertEquals(want[i], got[i], 1e-4f, "fuse " + fuse + " channel " + i);
            }
            float[] flow = r.flow().toFloatArray();
            for (int y = 6; y <= 8; y++) {
                for (int x = 6; x <= 8; x++) {
                    assertEquals(-5f, flow[y * side + x], 0f, "dy at " + y + "," + x);
                    assertEquals(6f, flow[side * side + y * side + x], 0f, "dx at " + y + "," + x);
                }
            }
            // known locations keep their features
            assertEquals(0f, r.features().sub(f).mul(holes.neg().add(1)).abs().max().getFloat(), 0f);
        }
    }

    /**
     * Rate 2 (the default): matching on the 2× downscaled grid, rebuilding with 4×4 full-resolution patches at
     * stride 2. The hole 14..17 × 14..17 is covered by a copy of 0..7 × 22..29 placed at 12..19 × 12..19 (an even
     * shift, so the downscaled grids line up); the hole pixels 15..16 × 15..16, whose overlapping patches all
     * come from matched locations, are rebuilt as the source pixels.
     */
    @Test
    void downscaledMatchingRebuildsWithFullResolutionPatches() {
        int side = 32, c = 8;
        NDArray f = copyBlock(m.randomNormal(new Shape(1, c, side, side)), 0, 22, 12, 12, 8, 8);
        NDArray holes = holes(side, 14, 17, 14, 17);
        ContextualAttention.Result r = new ContextualAttention(3, 1, 2, 1, 1000f).attend(f, holes);
        assertEquals(new Shape(1, 2, 16, 16), r.flow().getShape());
        for (int y = 15; y <= 16; y++) {
            for (int x = 15; x <= 16; x++) {
                float[] want = f.get(new NDIndex(":, :, {}, {}", y - 12, x + 10)).toFloatArray();
                float[] got = r.features().get(new NDIndex(":, :, {}, {}", y, x)).toFloatArray();
                for (int i = 0; i < c; i++) {
                    assertEquals(want[i], got[i], 1e-4f, "pixel " + y + "," + x + " channel " + i);
                }
            }
        }
        float[] flow = r.flow().toFloatArray();
        for (int y = 7; y <= 8; y++) {
            for (int x = 7; x <= 8; x++) {
                assertEquals(-6f, flow[y * 16 + x], 0f);
                assertEquals(5f, flow[256 + y * 16 + x], 0f);
            }
        }
    }

    /** Candidates whose patch touches the hole, in particular those lying in it, get exactly zero attention. */
    @Test
    void noAttentionWeightOnHoleLocations() {
        int side = 12;
        NDArray f = m.randomNormal(new Shape(1, 4, side, side));
        NDArray holes = holes(side, 3, 7, 2, 8);
        for (int[] cfg : new int[][] {{1, 1}, {2, 1}, {1, 2}}) {
            int stride = cfg[0], rate = cfg[1];
            ContextualAttention.Result r = new ContextualAttention(3, stride, rate, 3, 10f).attend(f, holes);
            float[] p = r.probabilities().toFloatArray();
            float[] valid = r.valid().toFloatArray();
            int cells = p.length / valid.length;
            float[] hole = DeepFillOps.downsampleMax(holes, rate).toFloatArray();
            int grid = side / rate;
            int inHole = 0;
            for (int q = 0; q < valid.length; q++) {
                int py = q / r.patchCols() * stride, px = q % r.patchCols() * stride;
                boolean touches = false;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int y = py + dy, x = px + dx;
                        touches |= y >= 0 && y < grid && x >= 0 && x < grid && hole[y * grid + x] > 0;
                    }
                }
                assertEquals(touches ? 0f : 1f, valid[q], 0f, "candidate " + q);
                if (touches) {
                    inHole += hole[py * grid + px] > 0 ? 1 : 0;
                    for (int i = 0; i < cells; i++) {
                        assertEquals(0f, p[q * cells + i], 0f, "candidate " + q + " at location " + i);
                    }
                }
            }
            assertTrue(inHole > 0, "the test should cover candidates centred in the hole");
            // the remaining probabilities still sum to one at every location
            NDArray sums = r.probabilities().sum(new int[] {1});
            assertEquals(1f, sums.min().getFloat(), 1e-5f);
            assertEquals(1f, sums.max().getFloat(), 1e-5f);
        }
    }

    @Test
    void propagationEqualsANaiveLoop() {
        for (int k : new int[] {3, 5}) {
            int hb = 3, wb = 4, hf = 5, wf = 6;
            NDArray s = m.randomNormal(new Shape(hb, wb, hf, wf));
            float[] in = s.toFloatArray();
            float[] got = ContextualAttention.propagate(s, k).toFloatArray();
            float[] lr = new float[in.length];
            float[] want = new float[in.length];
            int r = k / 2;
            for (int yb = 0; yb < hb; yb++) {
                for (int xb = 0; xb < wb; xb++) {
                    for (int yf = 0; yf < hf; yf++) {
                        for (int xf = 0; xf < wf; xf++) {
                            float sum = 0;
                            for (int i = -r; i <= r; i++) {
                                if (xb + i >= 0 && xb + i < wb && xf + i >= 0 && xf + i < wf) {
                                    sum += in[((yb * wb + xb + i) * hf + yf) * wf + xf + i];
                                }
                            }
                            lr[((yb * wb + xb) * hf + yf) * wf + xf] = sum;
                        }
                    }
                }
            }
            for (int yb = 0; yb < hb; yb++) {
                for (int xb = 0; xb < wb; xb++) {
                    for (int yf = 0; yf < hf; yf++) {
                        for (int xf = 0; xf < wf; xf++) {
                            float sum = 0;
                            for (int i = -r; i <= r; i++) {
                                if (yb + i >= 0 && yb + i < hb && yf + i >= 0 && yf + i < hf) {
                                    sum += lr[(((yb + i) * wb + xb) * hf + yf + i) * wf + xf];
                                }
                            }
                            want[((yb * wb + xb) * hf + yf) * wf + xf] = sum;
                        }
                    }
                }
            }
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-4f, "k " + k + " index " + i);
            }
        }
    }

    @Test
    void batchItemsUseTheirOwnBackground() {
        NDArray f = m.randomNormal(new Shape(2, 4, 8, 8));
        NDArray holes = m.zeros(new Shape(2, 1, 8, 8));
        holes.set(new NDIndex("0, :, 2:5, 2:5"), 1f);
        holes.set(new NDIndex("1, :, 4:7, 1:6"), 1f);
        ContextualAttention att = new ContextualAttention(3, 1, 2, 3, 10f);
        NDList both = att.apply(f, holes);
        assertEquals(new Shape(2, 4, 8, 8), both.get(0).getShape());
        assertEquals(new Shape(2, 2, 4, 4), both.get(1).getShape());
        for (int i = 0; i < 2; i++) {
            NDIndex item = new NDIndex("{}:{}", i, i + 1);
            ContextualAttention.Result alone = att.attend(f.get(item), holes.get(item));
            assertEquals(0f, alone.features().sub(both.get(0).get(item)).abs().max().getFloat(), 1e-6f);
            assertEquals(0f, alone.flow().sub(both.get(1).get(item)).abs().max().getFloat(), 0f);
        }
    }
}
