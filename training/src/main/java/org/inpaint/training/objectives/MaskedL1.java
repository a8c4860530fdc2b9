package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import org.inpaint.inference.neural.ops.Scalars;

/** Mean absolute error over the pixels a region mask selects (per pixel and channel). */
final class MaskedL1 {

    private MaskedL1() {
    }

    static NDArray of(NDArray output, NDArray target, NDArray region) {
        return meanOver(output.sub(target).abs(), region);
    }

    /** The mean of a per-pixel, per-channel error over the pixels {@code region} selects (0 for an empty region). */
    static NDArray meanOver(NDArray error, NDArray region) {
        long channels = error.getShape().get(1);
        return error.mul(region).sum().div(Scalars.maximum(Scalars.mul(region.sum(), channels), 1f));
    }
}
