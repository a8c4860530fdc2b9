package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Non-overlapping pooling by an integer factor and the block (space-to-depth) rearrangements the semantic-wise
 * attention needs. Plain reshapes and reductions: no FLOPs worth counting, gradients flow. (Candidates for the
 * shared ops package.)
 */
final class GridOps {

    private GridOps() {
    }

    /** Mean over each f×f block: (N, C, H, W) -> (N, C, H/f, W/f). */
    static NDArray avgPool(NDArray x, int f) {
        return f == 1 ? x : blocksLast(x, f).mean(new int[] {4});
    }

    /** Maximum over each f×f block: (N, C, H, W) -> (N, C, H/f, W/f). */
    static NDArray maxPool(NDArray x, int f) {
        return f == 1 ? x : blocksLast(x, f).max(new int[] {4});
    }

    /** (N, C, H, W) -> (N, C, H/f, W/f, f·f), the last axis holding each block's pixels in row-major order. */
    private static NDArray blocksLast(NDArray x, int f) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2) / f, w = s.get(3) / f;
        if (h * f != s.get(2) || w * f != s.get(3)) {
            throw new IllegalArgumentException("sides " + s + " not divisible by " + f);
        }
        return x.reshape(n, c, h, f, w, f).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w, (long) f * f);
    }

    /**
     * Each b×b block as one row: (N, C, H, W) -> (N, (H/b)·(W/b), C·b·b), rows in raster order of the blocks,
     * row layout c·b·b + i·b + j (the layout of {@code NnOps.patchesAsChannels} with stride b).
     */
    static NDArray blocksAsRows(NDArray x, int b) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), gh = s.get(2) / b, gw = s.get(3) / b;
        return x.reshape(n, c, gh, b, gw, b).transpose(0, 2, 4, 1, 3, 5).reshape(n, gh * gw, c * b * b);
    }

    /** Inverse of {@link #blocksAsRows}: (N, gh·gw, C·b·b) -> (N, C, gh·b, gw·b). */
    static NDArray rowsAsBlocks(NDArray rows, long c, long gh, long gw, int b) {
        long n = rows.getShape().get(0);
        return rows.reshape(n, gh, gw, c, b, b).transpose(0, 3, 1, 4, 2, 5).reshape(n, c, gh * b, gw * b);
    }
}
