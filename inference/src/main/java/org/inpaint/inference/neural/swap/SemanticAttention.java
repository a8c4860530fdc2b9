package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * The attention step of SWAP (Eq. 2-4 of the paper), without parameters.
 *
 * <p>The patches are the non-overlapping b×b blocks of the feature map f (a grid of cells). As in Eq. 2-4 the same
 * patch vectors are matched and pasted: the affinity of a hole patch to a known patch is their cosine similarity
 * (Eq. 2), a softmax over the allowed known patches gives the weights (Eq. 3), and the weighted sum of the known
 * patches (Eq. 4) replaces the features at the hole pixels. Known pixels keep their features.
 *
 * <p>A patch is "known" when none of its pixels is a hole. A query may attend only to known patches of its own
 * predicted class; weights to any other patch are exactly 0. <b>Fallback:</b> when an image has no known patch of
 * the query's class (the class exists only inside the hole), the query attends to all known patches of that image,
 * as unrestricted contextual attention would. An image with no known patch at all keeps its features unchanged
 * (and all its weights are 0).
 */
final class SemanticAttention {

    /** The paper's Eq. 3 writes a plain softmax; like the contextual attention SWAP derives from, we scale the
     *  cosine similarities (in [-1, 1]) by 10 so the softmax can pick a match instead of averaging. */
    static final float SOFTMAX_SCALE = 10f;

    /** Added to the logits of allowed pairs: the others then lie ≥ 980 below the row maximum, and exp(−980)
     *  is exactly 0 in float32, so the softmax gives them exactly zero weight. */
    private static final float ALLOWED_BONUS = 1000f;

    private SemanticAttention() {
    }

    /** The attended features and the attention matrix (N, L, L), rows = query patches, columns = key patches. */
    record Result(NDArray output, NDArray weights) {
    }

    /**
     * What every scale of one forward pass shares, computed once: the attention grid's known cells and a few
     * constants (each scalar operation would otherwise allocate a new scalar tensor).
     *
     * @param known       (N, L, 1), 1 where the cell has no hole pixel
     * @param knownBonus  (N, L, 1), {@link #ALLOWED_BONUS} where the cell is known, else 0
     * @param anyKnown    (N, 1, 1), 1 where the image has at least one known cell
     * @param anyKnown4   the same as (N, 1, 1, 1)
     */
    record Context(NDArray known, NDArray knownBonus, NDArray anyKnown, NDArray anyKnown4, NDArray bonus, NDArray scale,
                   NDArray eps) {

        /** From the full-size hole mask (N, 1, H, W) and the cell side in its pixels. */
        static Context of(NDArray mask, int cell, float softmaxScale) {
            long n = mask.getShape().get(0);
            NDManager m = mask.getManager();
            NDArray one = m.create(1f);
            NDArray bonus = m.create(ALLOWED_BONUS);
            NDArray known = one.sub(GridOps.maxPool(mask, cell).reshape(n, -1, 1));
            NDArray anyKnown = known.max(new int[] {1}, true);
            return new Context(known, known.mul(bonus), anyKnown, anyKnown.expandDims(3), bonus, m.create(softmaxScale),
                    m.create(1e-6f));
        }

        /** The pixels whose features are replaced: holes, in images with something known. */
        NDArray replaced(NDArray holePix) {
            return holePix.mul(anyKnown4);
        }
    }

    /** For tests: attention on features with their own hole mask, cell side b. */
    static Result attend(NDArray f, NDArray holePix, NDArray classes, int b, int k, float scale) {
        Context ctx = Context.of(holePix, b, scale);
        long n = f.getShape().get(0);
        return attend(f, ctx.replaced(holePix), ctx, classes.toType(DataType.INT64, false).reshape(n, -1), b, k);
    }

    /**
     * @param f        features (N, C, H, W)
     * @param replaced pixels to replace (N, 1, H, W): {@code ctx.replaced(holes at this resolution)}
     * @param ctx      the grid's known cells and constants
     * @param classes  class index per cell (N, L), int64, cells in raster order
     * @param b        cell (patch) side in pixels of {@code f}
     * @param k        number of classes
     */
    static Result attend(NDArray f, NDArray replaced, Context ctx, NDArray classes, int b, int k) {
        Shape s = f.getShape();
        long c = s.get(1), gh = s.get(2) / b, gw = s.get(3) / b;

        NDArray patches = GridOps.blocksAsRows(f, b);                                          // (N, L, C·b·b)
        NDArray unit = patches.div(patches.norm(new int[] {2}, true).add(ctx.eps()));
        NDArray cosine = NnOps.batchMatMul(unit, unit.transpose(0, 2, 1));                    // (N, Lq, Lk)

        // bonus(q, i) = BONUS·known(i)·[class q = class i], or BONUS·known(i) when no known cell has q's class:
        // one-hot(q) times M, M(i, c) = BONUS·known(i)·[class i = c] + (BONUS − max_j BONUS·known(j)·[class j = c])·known(i)
        NDArray oneHot = classes.oneHot(k, f.getDataType());                                   // (N, L, k)
        NDArray knownKeys = oneHot.mul(ctx.knownBonus());
        NDArray orphan = ctx.bonus().sub(knownKeys.max(new int[] {1}, true));                  // (N, 1, k)
        NDArray keyCodes = knownKeys.add(orphan.mul(ctx.known()));
        NDArray bonus = NnOps.batchMatMul(oneHot, keyCodes.transpose(0, 2, 1));                // (N, Lq, Lk)

        NDArray weights = cosine.mul(ctx.scale()).add(bonus).softmax(2).mul(ctx.anyKnown());
        NDArray filled = GridOps.rowsAsBlocks(NnOps.batchMatMul(weights, patches), c, gh, gw, b);
        // in place on fresh intermediates (none is needed by the backward pass): fewer NDArray wrappers per forward
        return new Result(filled.subi(f).muli(replaced).addi(f), weights);
    }
}
