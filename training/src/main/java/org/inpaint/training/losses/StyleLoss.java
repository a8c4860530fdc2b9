package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * LBAM's style loss (Eq. 16): per feature layer, the squared Frobenius distance between the Gram matrices of the
 * output's and the ground truth's features divided by C·C (that is, the mean over the Gram entries), averaged over
 * the layers and the batch. As in the partial-convolution paper LBAM follows ("analogous to [17]"), each Gram
 * matrix is normalised by C·H·W, which is what makes the weight λ = 120 meaningful at any image size.
 */
public final class StyleLoss {

    private StyleLoss() {
    }

    /** @return a scalar; {@code target} is treated as constant */
    public static NDArray of(NDList output, NDList target) {
        PerceptualLoss.checkPairs(output, target);
        NDArray sum = null;
        for (int i = 0; i < output.size(); i++) {
            NDArray d = gram(output.get(i)).sub(gram(target.get(i).stopGradient()));
            NDArray layer = d.mul(d).mean();
            sum = sum == null ? layer : sum.add(layer);
        }
        return Scalars.div(sum, output.size());
    }

    /** The normalised Gram matrix of features (N, C, H, W): (N, C, C), entry (c, d) = Σ_hw f_c f_d / (C·H·W). */
    public static NDArray gram(NDArray features) {
        Shape s = features.getShape();
        long n = s.get(0), c = s.get(1), hw = s.get(2) * s.get(3);
        NDArray f = features.reshape(n, c, hw);
        return Scalars.div(NnOps.batchMatMul(f, f.transpose(0, 2, 1)), c * hw);
    }
}
