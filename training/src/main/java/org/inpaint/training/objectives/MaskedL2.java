package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;

/** Mean squared error over the pixels a region mask selects (per pixel and channel): what PSNR measures. */
final class MaskedL2 {

    private MaskedL2() {
    }

    static NDArray of(NDArray output, NDArray target, NDArray region) {
        long channels = output.getShape().get(1);
        NDArray error = output.sub(target);
        return error.mul(error).mul(region).sum().div(region.sum().mul(channels).maximum(1f));
    }
}
