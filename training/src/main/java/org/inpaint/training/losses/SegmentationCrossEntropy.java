package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * SWAP's segmentation loss (Eq. 11): Σ_l mean_p −Σ_k S_k(p) log softmax(up(Ŝ_l))_k(p), the cross-entropy between
 * the target class map S at full resolution and the predicted logits of every scale ("seg_s0" .. "seg_s4"),
 * upsampled by pixel repetition (which commutes with the softmax, so the log-softmax is taken at the coarse scale).
 * The sum over pixels is taken as a mean over the N·H·W pixels. S may be one-hot or soft (see {@link #oneHot}).
 */
public final class SegmentationCrossEntropy {

    private SegmentationCrossEntropy() {
    }

    /**
     * @param target class probabilities (N, K, H, W), constant
     * @param logits (N, K, H/2^l, W/2^l) per scale
     */
    public static NDArray of(NDArray target, List<NDArray> logits) {
        if (logits.isEmpty()) {
            throw new IllegalArgumentException("no scales");
        }
        NDArray t = target.stopGradient();
        NDArray sum = null;
        for (NDArray z : logits) {
            if (z.getShape().get(1) != t.getShape().get(1)) {
                throw new IllegalArgumentException("logits " + z.getShape() + " vs target " + t.getShape());
            }
            NDArray logp = MultiScaleL1.upsampleTo(z.logSoftmax(1), t.getShape());
            NDArray l = t.mul(logp).sum(new int[] {1}).mean().neg();
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    /** One-hot class maps (N, K, H, W) from integer labels (N, H, W). */
    public static NDArray oneHot(NDArray labels, int classes) {
        return labels.toType(DataType.INT64, false).oneHot(classes, DataType.FLOAT32).transpose(0, 3, 1, 2);
    }
}
