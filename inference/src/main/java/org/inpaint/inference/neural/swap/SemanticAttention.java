package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * The attention step of SWAP (Eq. 2-4 of the paper), without parameters.
 *
 * <p>The feature map is cut into a grid of b×b cells. Cells are matched by the cosine similarity (Eq. 2) of 3×3
 * patches of the cell-averaged features, as in the contextual attention the authors build on; a softmax over the
 * allowed known cells (Eq. 3) weights the known cells' full-resolution b×b feature blocks, and their sum (Eq. 4)
 * replaces the features at the hole pixels. Known pixels keep their features.
 *
 * <p>A key cell is "known" when none of its pixels is a hole. A query may attend only to known cells of its own
 * predicted class; weights to any other cell are exactly 0. <b>Fallback:</b> when an image has no known cell of the
 * query's class (the class exists only inside the hole), the query attends to all known cells of that image, as
 * unrestricted contextual attention would. An image with no known cell at all keeps its features unchanged.
 */
final class SemanticAttention {

    /** The paper's Eq. 3 writes a plain softmax; like the contextual attention SWAP derives from, we scale the
     *  cosine similarities (in [-1, 1]) by 10 so the softmax can pick a match instead of averaging. */
    static final float SOFTMAX_SCALE = 10f;

    private SemanticAttention() {
    }

    /** The attended features and the attention matrix (N, L, L), rows = query cells, columns = key cells. */
    record Result(NDArray output, NDArray weights) {
    }

    /**
     * @param f        features (N, C, H, W)
     * @param holePix  hole mask at the features' resolution (N, 1, H, W), 1 = hole
     * @param classes  class index per cell (N, H/b, W/b), integer type
     * @param b        cell side in pixels of {@code f}
     * @param k        number of classes
     * @param scale    softmax scale on the cosine similarity
     */
    static Result attend(NDArray f, NDArray holePix, NDArray classes, int b, int k, float scale) {
        Shape s = f.getShape();
        long n = s.get(0), c = s.get(1), gh = s.get(2) / b, gw = s.get(3) / b, l = gh * gw;

        NDArray cells = GridOps.avgPool(f, b);
        NDArray patches = NnOps.patchesAsChannels(cells, 3, 1, 1).reshape(n, 9 * c, l);
        NDArray unit = patches.div(patches.square().sum(new int[] {1}, true).add(1e-8f).sqrt());
        NDArray cosine = NnOps.batchMatMul(unit.transpose(0, 2, 1), unit);                  // (N, Lq, Lk)

        NDArray known = GridOps.maxPool(holePix, b).reshape(n, l).neg().add(1f);            // (N, L)
        NDArray cls = classes.reshape(n, l).toType(DataType.INT64, false);
        NDArray sameClass = cls.reshape(n, l, 1).eq(cls.reshape(n, 1, l)).toType(f.getDataType(), false);
        NDArray oneHot = cls.oneHot(k).toType(f.getDataType(), false);                       // (N, L, k)
        NDArray classHasKnown = oneHot.mul(known.expandDims(2)).sum(new int[] {1}).gt(0f)
                .toType(f.getDataType(), false);                                              // (N, k)
        NDArray queryHasKnown = oneHot.mul(classHasKnown.expandDims(1)).sum(new int[] {2}, true); // (N, L, 1)
        NDArray allowed = sameClass.mul(queryHasKnown).add(queryHasKnown.neg().add(1f)).mul(known.expandDims(1));

        // exp(scale·(cos − 1)) is the softmax numerator shifted by its upper bound: no overflow, identical weights.
        NDArray numerator = cosine.sub(1f).mul(scale).exp().mul(allowed);
        NDArray denominator = numerator.sum(new int[] {2}, true);
        NDArray weights = numerator.div(denominator.maximum(1e-30f));

        NDArray values = GridOps.blocksAsRows(f, b);                                          // (N, L, C·b·b)
        NDArray filled = GridOps.rowsAsBlocks(NnOps.batchMatMul(weights, values), c, gh, gw, b);

        NDArray anyKnown = known.sum(new int[] {1}).gt(0f).toType(f.getDataType(), false).reshape(n, 1, 1, 1);
        NDArray replace = holePix.mul(anyKnown);
        NDArray out = f.mul(replace.neg().add(1f)).add(filled.mul(replace));
        return new Result(out, weights);
    }
}
