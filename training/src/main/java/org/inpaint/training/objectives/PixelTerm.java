package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;

/**
 * The reconstruction recipe's pixel term for one output: its error over the holes plus {@code knownWeight} times
 * its error over the known pixels, under one of three measures ({@code --pixel-loss}).
 */
enum PixelTerm {

    /** Mean absolute error, pooled over the batch's pixels. */
    L1 {
        @Override
        NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight) {
            NDArray hole = MaskedL1.of(output, truth, holes);
            return knownWeight == 0 ? hole : hole.add(MaskedL1.of(output, truth, known).mul(knownWeight));
        }
    },

    /** Mean squared error, pooled over the batch's pixels: what PSNR measures, but a large hole outweighs a small one. */
    L2 {
        @Override
        NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight) {
            NDArray hole = MaskedL2.of(output, truth, holes);
            return knownWeight == 0 ? hole : hole.add(MaskedL2.of(output, truth, known).mul(knownWeight));
        }
    },

    /**
     * Each image's squared error on a decibel scale, {@code 10 log10(mse + 1e-6)} with the mean taken over that
     * image's hole pixels, averaged over the batch: the negated mean hole PSNR. The evaluation averages PSNR per
     * image within a hole bin, and since compositing keeps the known pixels, an image's whole-image PSNR differs from
     * its hole PSNR by a constant; so this is the evaluation's own measure. Under pooled squared error an image counts
     * in proportion to its hole area and its error, so thin strokes, where the prefill is already close, weigh
     * little; here a tenth of a decibel counts the same on every image. The epsilon caps an image's term at 60 dB.
     */
    PSNR {
        @Override
        NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight) {
            NDArray error = output.sub(truth);
            NDArray squared = error.mul(error);
            int[] perImage = {1, 2, 3};
            NDArray sum = squared.mul(holes).sum(perImage);
            if (knownWeight != 0) {
                sum = sum.add(squared.mul(known).sum(perImage).mul(knownWeight));
            }
            long channels = output.getShape().get(1);
            NDArray pixels = holes.sum(perImage).mul(channels).maximum(1f);
            NDArray decibels = sum.div(pixels).add(EPSILON).log().mul((float) (10 / Math.log(10)));
            return decibels.mean();
        }
    };

    static final float EPSILON = 1e-6f;

    abstract NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight);

    /** The term a run's {@code pixelLoss} setting names ("l1", "l2" or "psnr"). */
    static PixelTerm of(String pixelLoss) {
        return valueOf(pixelLoss.toUpperCase(java.util.Locale.ROOT));
    }
}
