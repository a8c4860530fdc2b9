package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * SWAP's reconstruction loss (Eq. 9): Σ_l mean|I − up(Î_l)| over the predictions at every scale (the full-scale
 * image and "image_s1" .. "image_s4"), each upsampled to the ground truth's size by pixel repetition (the paper's
 * up(·) does not say which interpolation; nearest keeps every coarse pixel answerable for its own block).
 */
public final class MultiScaleL1 {

    private MultiScaleL1() {
    }

    /** @param predictions images (N, 3, H/2^l, W/2^l) in any order; {@code target} (N, 3, H, W) is constant */
    public static NDArray of(NDArray target, List<NDArray> predictions) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("no predictions");
        }
        NDArray t = target.stopGradient();
        NDArray sum = null;
        for (NDArray p : predictions) {
            NDArray l = upsampleTo(p, t.getShape()).sub(t).abs().mean();
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }

    /** Nearest upsampling of x (N, C, h, w) to (·, ·, H, W); H/h and W/w must be the same integer. */
    static NDArray upsampleTo(NDArray x, Shape full) {
        Shape s = x.getShape();
        long fh = full.get(2) / s.get(2);
        long fw = full.get(3) / s.get(3);
        if (fh != fw || fh * s.get(2) != full.get(2) || fw * s.get(3) != full.get(3) || s.get(0) != full.get(0)) {
            throw new IllegalArgumentException(s + " is not an integer downscale of " + full);
        }
        return NnOps.upsampleNearest(x, (int) fh);
    }
}
