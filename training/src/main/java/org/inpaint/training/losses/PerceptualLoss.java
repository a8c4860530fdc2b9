package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * LBAM's perceptual loss (Eq. 15): the squared distance between the feature maps of the output and of the ground
 * truth, averaged over the feature layers (LBAM: pool1, pool2, pool3 of {@link
 * org.inpaint.training.critics.RandomVggFeatures}). Each layer's squared norm is divided by its element count
 * (N·C·H·W), so layers of different sizes weigh alike and the value does not grow with the batch or image size.
 */
public final class PerceptualLoss {

    private PerceptualLoss() {
    }

    /**
     * @param output the output image's features, one array per layer
     * @param target the ground truth's features, same shapes (treated as constants)
     * @return a scalar
     */
    public static NDArray of(NDList output, NDList target) {
        checkPairs(output, target);
        NDArray sum = null;
        for (int i = 0; i < output.size(); i++) {
            NDArray d = output.get(i).sub(target.get(i).stopGradient());
            NDArray layer = d.mul(d).mean();
            sum = sum == null ? layer : sum.add(layer);
        }
        return Scalars.div(sum, output.size());
    }

    static void checkPairs(NDList output, NDList target) {
        if (output.isEmpty() || output.size() != target.size()) {
            throw new IllegalArgumentException("need the same non-zero number of layers, got " + output.size()
                    + " and " + target.size());
        }
        for (int i = 0; i < output.size(); i++) {
            if (!output.get(i).getShape().equals(target.get(i).getShape())) {
                throw new IllegalArgumentException("layer " + i + ": " + output.get(i).getShape() + " vs "
                        + target.get(i).getShape());
            }
        }
    }
}
