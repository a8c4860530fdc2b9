package org.inpaint.training.masks;

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
        return new MixedMasks(HoleRatioBin.PAPER_BINS.stream().<MaskSampler>map(FreeFormMasks::new).toList());
    }

    /**
     * CSA's and SWAP's training holes: half the time a centred square over a quarter of the image (128×128 at 256,
     * both papers' centre hole), otherwise free-form strokes from one of the five hole-ratio bins.
     */
    public static MixedMasks centreSquareOrFreeForm() {
        return new MixedMasks(List.of(new CenteredSquareMasks(0.25), freeFormAllBins()));
    }

    @Override
    public Mask sample(int width, int height, SplittableRandom random) {
        return samplers.get(random.nextInt(samplers.size())).sample(width, height, random);
    }
}
