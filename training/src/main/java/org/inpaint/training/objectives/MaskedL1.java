package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;

/** Mean absolute error over the pixels a region mask selects (per pixel and channel). */
final class MaskedL1 {

    private MaskedL1() {
    }

    static NDArray of(NDArray output, NDArray target, NDArray region) {
        long channels = output.getShape().get(1);
        return output.sub(target).abs().mul(region).sum().div(region.sum().mul(channels).maximum(1f));
    }
}
