package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;

/** Mean squared error over the pixels a region mask selects (per pixel and channel): what PSNR measures. */
final class MaskedL2 {

    private MaskedL2() {
    }

    static NDArray of(NDArray output, NDArray target, NDArray region) {
        NDArray error = output.sub(target);
        return MaskedL1.meanOver(error.mul(error), region);
    }
}
