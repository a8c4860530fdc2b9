package org.inpaint.training.losses;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.DIST_L2;
import static org.bytedeco.opencv.global.opencv_imgproc.DIST_MASK_PRECISE;
import static org.bytedeco.opencv.global.opencv_imgproc.distanceTransform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.internal.OpenCvImages;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * The spatially discounted reconstruction loss of Yu et al. 2018 (section 3.1): a hole pixel's L1 error is weighted
 * by {@code γ^l}, where {@code l} is its distance to the nearest known pixel, so pixels deep in a hole, whose
 * content is most ambiguous, pull the generator less than pixels at the hole's border. Known pixels weigh 0 here
 * (the reconstruction of known pixels is a separate, unweighted term).
 */
public final class DiscountedL1 {

    /** The paper's discount factor. */
    public static final float GAMMA = 0.99f;

    private DiscountedL1() {
    }

    /** Weights (H·W, row-major): {@code γ^d} at hole pixels, d the Euclidean distance to the nearest known pixel; 0 elsewhere. */
    public static float[] weights(Mask mask, float gamma) {
        int w = mask.width(), h = mask.height();
        float[] out = new float[w * h];
        try (PointerScope scope = new PointerScope()) {
            Mat holes = OpenCvImages.toHoleMat(mask);
            Mat distance = new Mat();
            distanceTransform(holes, distance, DIST_L2, DIST_MASK_PRECISE, CV_32F);
            FloatBuffer d = distance.createBuffer();
            byte[] bits = mask.data();
            for (int i = 0; i < out.length; i++) {
                out[i] = bits[i] != 0 ? (float) Math.pow(gamma, d.get(i)) : 0f;
            }
        }
        return out;
    }

    /** The weight maps of a batch of masks as (N, 1, H, W). */
    public static NDArray weights(NDManager manager, List<Mask> masks, float gamma) {
        int w = masks.get(0).width(), h = masks.get(0).height(), plane = w * h;
        float[] all = new float[masks.size() * plane];
        for (int n = 0; n < masks.size(); n++) {
            System.arraycopy(weights(masks.get(n), gamma), 0, all, n * plane, plane);
        }
        return manager.create(all, new Shape(masks.size(), 1, h, w));
    }

    /**
     * {@code Σ W·|output − target| / (C · Σ holes)}: the mean discounted absolute error per hole pixel and channel.
     *
     * @param weights (N, 1, H, W) from {@link #weights(NDManager, List, float)}
     * @param holes   (N, 1, H, W), 1 = hole
     */
    public static NDArray loss(NDArray output, NDArray target, NDArray weights, NDArray holes) {
        long channels = output.getShape().get(1);
        NDArray weighted = output.sub(target).abs().mul(weights).sum();
        return weighted.div(Scalars.maximum(Scalars.mul(holes.sum(), channels), 1f));
    }
}
