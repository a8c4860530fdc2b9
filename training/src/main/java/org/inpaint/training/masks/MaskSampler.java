package org.inpaint.training.masks;

import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;

/** Draws random hole masks; the same seed gives the same mask. */
public interface MaskSampler {

    Mask sample(int width, int height, SplittableRandom random);

    default Mask sample(int width, int height, long seed) {
        return sample(width, height, new SplittableRandom(seed));
    }
}
