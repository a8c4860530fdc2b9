package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * The reconstruction recipe's pixel term for one output: its error over the holes plus {@code knownWeight} times
 * its error over the known pixels, under one of three measures ({@code --pixel-loss}).
 */
enum PixelTerm {

    /** Mean absolute error, pooled over the batch's pixels. */
    L1("hole L1 + 0.1 known L1 (+ 0.5 coarse hole L1 where the network has a coarse stage)", MaskedL1::of),

    /** Mean squared error, pooled over the batch's pixels: what PSNR measures, but a large hole outweighs a small one. */
    L2("hole L2 (squared error) + 0.1 known L2 (+ 0.5 coarse hole L2 where the network has a coarse stage)", MaskedL2::of),

    /**
     * Each image's squared error on a decibel scale, {@code 10 log10(mse + 1e-6)} with the mean taken over that
     * image's hole pixels, averaged over the batch: the negated mean hole PSNR. The evaluation averages PSNR per
     * image within a hole bin, and since compositing keeps the known pixels, an image's whole-image PSNR differs from
     * its hole PSNR by a constant; so this is the evaluation's own measure. Under pooled squared error an image counts
     * in proportion to its hole area and its error, so thin strokes, where the prefill is already close, weigh
     * little; here a tenth of a decibel counts the same on every image. The epsilon caps an image's term at 60 dB.
     */
    PSNR("each image's hole squared error (+ 0.1 of its known pixels' squared error) in decibels, averaged over the "
            + "batch, i.e. the negated mean hole PSNR (+ 0.5 of the same for a coarse stage's holes)", null) {
        @Override
        NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight) {
            NDArray error = output.sub(truth);
            NDArray squared = error.mul(error);
            int[] perImage = {1, 2, 3};
            NDArray sum = squared.mul(holes).sum(perImage);
            if (knownWeight != 0) {
                sum = sum.add(Scalars.mul(squared.mul(known).sum(perImage), knownWeight));
            }
            long channels = output.getShape().get(1);
            NDArray pixels = Scalars.maximum(Scalars.mul(holes.sum(perImage), channels), 1f);
            NDArray decibels = Scalars.mul(sum.div(pixels).add(EPSILON).log(), (float) (10 / Math.log(10)));
            return decibels.mean();
        }
    };

    static final float EPSILON = 1e-6f;

    /** The mean error over the pixels a region mask selects, pooled over the batch. */
    private interface Pooled {
        NDArray of(NDArray output, NDArray truth, NDArray region);
    }

    private final String description;
    private final Pooled pooled;

    PixelTerm(String description, Pooled pooled) {
        this.description = description;
        this.pooled = pooled;
    }

    /** The term: the pooled error over the holes plus {@code knownWeight} times that over the known pixels. */
    NDArray of(NDArray output, NDArray truth, NDArray holes, NDArray known, float knownWeight) {
        NDArray hole = pooled.of(output, truth, holes);
        return knownWeight == 0 ? hole : hole.add(Scalars.mul(pooled.of(output, truth, known), knownWeight));
    }

    /** What the objective minimises with this term, in words, for the model card. */
    String description() {
        return description;
    }

    /** The term a run's {@code pixelLoss} setting names ("l1", "l2" or "psnr"). */
    static PixelTerm of(String pixelLoss) {
        return valueOf(pixelLoss.toUpperCase(java.util.Locale.ROOT));
    }
}
