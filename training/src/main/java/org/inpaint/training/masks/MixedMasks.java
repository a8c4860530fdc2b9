package org.inpaint.training.masks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;

/** Each mask from one of several samplers, chosen uniformly by the same seeded generator. */
public record MixedMasks(List<MaskSampler> samplers) implements MaskSampler {

    public MixedMasks {
        if (samplers.isEmpty()) {
            throw new IllegalArgumentException("need at least one sampler");
        }
        samplers = List.copyOf(samplers);
    }

    /** Free-form strokes with the hole ratio in one of the papers' five bins, each bin equally likely. */
    public static MixedMasks freeFormAllBins() {
        return freeFormBins(Collections.nCopies(HoleRatioBin.PAPER_BINS.size(), 1));
    }

    /**
     * Free-form strokes with the hole ratio in one of the papers' five bins, bin {@code i} drawn in proportion to
     * {@code weights.get(i)}, one sampler per unit of weight (so 1,1,1,1,1 draws as {@link #freeFormAllBins()} does and
     * 2,2,2,2,2 does not: reduce weights first, as {@link TrainingMasks} does).
     */
    public static MixedMasks freeFormBins(List<Integer> weights) {
        if (weights.size() != HoleRatioBin.PAPER_BINS.size()) {
            throw new IllegalArgumentException("need one weight per bin, got " + weights);
        }
        List<MaskSampler> bins = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            for (int n = 0; n < weights.get(i); n++) {
                bins.add(new FreeFormMasks(HoleRatioBin.PAPER_BINS.get(i)));
            }
        }
        return new MixedMasks(bins);
    }

    /**
     * CSA's and SWAP's training holes: half the time a centred square over a quarter of the image (128×128 at 256,
     * both papers' centre hole), otherwise free-form strokes from one of the five hole-ratio bins.
     */
    public static MixedMasks centreSquareOrFreeForm() {
        return new MixedMasks(List.of(new CenteredSquareMasks(0.25), freeFormAllBins()));
    }

    /**
     * The hole families the evaluation measures, in the reconstruction recipe's proportions: free-form strokes from
     * one of the five hole-ratio bins (70 %), a rectangle of 0.3–0.75 of each side (20 %), the centred square over a
     * quarter of the image (10 %). Every run validates on these, whatever its objective trains on, so runs of
     * different recipes compare on the same cases.
     */
    public static MixedMasks measuredFamilies() {
        return measuredFamilies(Collections.nCopies(HoleRatioBin.PAPER_BINS.size(), 1));
    }

    /** {@link #measuredFamilies()} with the strokes' bins drawn in proportion to {@code binWeights}. */
    public static MixedMasks measuredFamilies(List<Integer> binWeights) {
        List<MaskSampler> families = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            families.add(freeFormBins(binWeights));
        }
        families.add(new RectangleMasks(0.3, 0.75));
        families.add(new RectangleMasks(0.3, 0.75));
        families.add(new CenteredSquareMasks(0.25));
        return new MixedMasks(families);
    }

    @Override
    public Mask sample(int width, int height, SplittableRandom random) {
        return samplers.get(random.nextInt(samplers.size())).sample(width, height, random);
    }
}
