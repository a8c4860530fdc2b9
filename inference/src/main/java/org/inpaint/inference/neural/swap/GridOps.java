package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Non-overlapping pooling by an integer factor and the block (space-to-depth) rearrangements the semantic-wise
 * attention needs: reductions and reshapes, no FLOPs worth counting, gradients flow. (Candidates for the shared
 * ops package.)
 */
final class GridOps {

    private GridOps() {
    }

    /** Mean over each f×f block: (N, C, H, W) -> (N, C, H/f, W/f). */
    static NDArray avgPool(NDArray x, int f) {
        checkDivisible(x, f);
        return f == 1 ? x : Pool.avgPool2d(x, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
    }

    /** Maximum over each f×f block: (N, C, H, W) -> (N, C, H/f, W/f). */
    static NDArray maxPool(NDArray x, int f) {
        checkDivisible(x, f);
        return f == 1 ? x : Pool.maxPool2d(x, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false);
    }

    private static void checkDivisible(NDArray x, int f) {
        Shape s = x.getShape();
        if (s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("sides " + s + " not divisible by " + f);
        }
    }

    /**
     * Each b×b block as one row: (N, C, H, W) -> (N, (H/b)·(W/b), C·b·b), rows in raster order of the blocks,
     * row layout c·b·b + i·b + j (the layout of {@code NnOps.patchesAsChannels} with stride b).
     */
    static NDArray blocksAsRows(NDArray x, int b) {
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), gh = s.get(2) / b, gw = s.get(3) / b;
        if (b == 1) {
            return x.reshape(n, c, gh * gw).transpose(0, 2, 1);
        }
        return x.reshape(n, c, gh, b, gw, b).transpose(0, 2, 4, 1, 3, 5).reshape(n, gh * gw, c * b * b);
    }

    /** Inverse of {@link #blocksAsRows}: (N, gh·gw, C·b·b) -> (N, C, gh·b, gw·b). */
    static NDArray rowsAsBlocks(NDArray rows, long c, long gh, long gw, int b) {
        long n = rows.getShape().get(0);
        if (b == 1) {
            return rows.transpose(0, 2, 1).reshape(n, c, gh, gw);
        }
        return rows.reshape(n, gh, gw, c, b, b).transpose(0, 3, 1, 4, 2, 5).reshape(n, c, gh * b, gw * b);
    }
}
