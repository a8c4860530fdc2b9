package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;

/**
 * CSA's consistency loss (Eq. 4): inside the hole region M at the CSA layer's scale, the squared distance of the
 * CSA layer's output ("csa_features") and of its decoder counterpart ("csa_decoder_features") to the target's
 * features Φ(I_gt) at the same scale ({@link org.inpaint.training.critics.RandomVggFeatures} "relu4_3" here, see
 * docs/training-substitutes.md).
 *
 * <p>The paper's sum over y ∈ M is taken as the mean over all N·C·h·w feature elements of the masked squared
 * difference (the mean-squared error of the masked features), once for each of the two feature maps, so its size
 * does not depend on the batch, the image or the channel count.
 */
public final class ConsistencyLoss {

    private ConsistencyLoss() {
    }

    /**
     * @param csa      the CSA layer's output (N, C, h, w)
     * @param decoder  the decoder layer paired with it (N, C, h, w)
     * @param target   the ground truth's features (N, C, h, w), treated as constant
     * @param holeMask (N, 1, h, w), 1 = hole ("csa_mask")
     * @return a scalar
     */
    public static NDArray of(NDArray csa, NDArray decoder, NDArray target, NDArray holeMask) {
        if (!csa.getShape().equals(target.getShape()) || !decoder.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("features " + csa.getShape() + " and " + decoder.getShape()
                    + " must match the target " + target.getShape());
        }
        NDArray t = target.stopGradient();
        NDArray m = holeMask.stopGradient();
        return maskedSquared(csa.sub(t), m).add(maskedSquared(decoder.sub(t), m));
    }

    private static NDArray maskedSquared(NDArray d, NDArray m) {
        return d.mul(d).mul(m).mean();
    }
}
