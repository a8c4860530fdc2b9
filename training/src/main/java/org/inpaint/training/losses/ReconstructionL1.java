package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;

/**
 * The plain reconstruction loss: the mean absolute error between each output and the ground truth, summed over the
 * outputs. CSA (Eq. 7) passes the rough and the refined prediction, LBAM (Eq. 14) its single output. The paper's
 * ‖·‖₁ is taken as a mean over the N·C·H·W elements, so the value does not depend on batch or image size.
 */
public final class ReconstructionL1 {

    private ReconstructionL1() {
    }

    /** Σ_outputs mean|output − target|; {@code target} is treated as constant. */
    public static NDArray of(NDArray target, NDArray... outputs) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("no outputs");
        }
        NDArray t = target.stopGradient();
        NDArray sum = null;
        for (NDArray o : outputs) {
            if (!o.getShape().equals(t.getShape())) {
                throw new IllegalArgumentException("output " + o.getShape() + " vs target " + t.getShape());
            }
            NDArray l = o.sub(t).abs().mean();
            sum = sum == null ? l : sum.add(l);
        }
        return sum;
    }
}
