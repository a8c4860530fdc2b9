package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import org.inpaint.inference.neural.ops.Scalars;

/** The mask-updating function of Eq. (8): g_M(M^c) = ReLU(M^c)^α with the fixed hyper-parameter α = 0.8. */
final class MaskUpdate {

    static final float ALPHA = 0.8f;
    private static final float FLOOR = 1e-6f;

    private MaskUpdate() {
    }

    static NDArray apply(NDArray convolvedMask) {
        // pow's derivative is infinite at 0. ReLU's backward should zero it where the input is <= 0, but a
        // denormal input (flushed to zero by the CPU in pow, not in the comparison) let an infinity through now and
        // then and the mask convolution's gradient became NaN. So the base never goes below FLOOR, and a 0/1 factor
        // restores the exact zeros: values differ from ReLU(x)^α only for 0 < x < FLOOR, by less than FLOOR^α.
        NDArray positive = convolvedMask.gt(0f).toType(convolvedMask.getDataType(), false);
        return Scalars.pow(Scalars.maximum(convolvedMask, FLOOR), ALPHA).mul(positive);
    }
}
