package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The mask-updating function of Eq. (8): g_M(M^c) = ReLU(M^c)^α with the fixed hyper-parameter α = 0.8. */
final class MaskUpdate {

    static final float ALPHA = 0.8f;

    private MaskUpdate() {
    }

    static NDArray apply(NDArray convolvedMask) {
        // pow's derivative is infinite at 0, but ReLU's backward zeroes every position where the input is <= 0,
        // so no NaN/inf reaches the mask convolution.
        return Activation.relu(convolvedMask).pow(ALPHA);
    }
}
