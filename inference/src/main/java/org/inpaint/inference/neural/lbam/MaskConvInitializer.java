package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Initial mask-convolution filters k_M: positive on average, summing over the 4×4×Cin window to {@code sum}, with
 * Gaussian noise that makes each output channel's response vary by about {@link #SPREAD} of that sum.
 *
 * <p>Why not the usual zero-mean initialisation (the authors' code uses N(0, 0.02)): g_A peaks at μ = 2, and a
 * zero-mean filter gives convolved masks far below μ, so every attention map starts as the nearly constant
 * a·e^{-γl μ²} ≈ 0.02 and γr, which only acts where M^c ≥ μ, receives no gradient. Positive filters instead start
 * LBAM near its "unlearned" partial-convolution reading (the paper's ablation uses k_M = 1/16): a window fully
 * inside the region a path tracks (known pixels forward, hole pixels in reverse) gives M^c ≈ {@link #COVERED},
 * where g_A ≈ 1; a window a quarter covered gives M^c ≈ μ; an empty one 0, where g_A ≈ 0.02. So the tracked region
 * grows from layer to layer as in the paper's Fig. 8, both branches of g_A are in use from the first step, and the
 * deepest reverse layers still see convolved masks above μ when the hole is small.
 */
final class MaskConvInitializer implements Initializer {

    static final float COVERED = 8f;
    static final float SPREAD = 0.5f;

    private final float sum;

    private MaskConvInitializer(float sum) {
        this.sum = sum;
    }

    /** For a layer reading the 0/1 input mask. */
    static MaskConvInitializer first() {
        return new MaskConvInitializer(COVERED);
    }

    /**
     * For a layer reading an updated mask g_M(M^c), which is COVERED^α inside the region: filters summing to
     * COVERED^(1-α) keep M^c ≈ COVERED there from layer to layer.
     */
    static MaskConvInitializer later() {
        return new MaskConvInitializer((float) Math.pow(COVERED, 1 - MaskUpdate.ALPHA));
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanIn = shape.size() / shape.get(0);
        float mean = sum / fanIn;
        float sigma = (float) (SPREAD * sum / Math.sqrt(fanIn));
        return manager.randomNormal(mean, sigma, shape, dataType);
    }
}
