package org.inpaint.training.masks;

import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;

/**
 * One random rectangle anywhere in the image, each side between {@code minFraction} and {@code maxFraction} of
 * the image side (Yu et al. 2018 train with rectangles of at most half the side).
 */
public record RectangleMasks(double minFraction, double maxFraction) implements MaskSampler {

    public RectangleMasks {
        if (!(minFraction > 0 && minFraction <= maxFraction && maxFraction < 1)) {
            throw new IllegalArgumentException("need 0 < min <= max < 1");
        }
    }

    public static RectangleMasks contextualAttention() {
        return new RectangleMasks(0.125, 0.5);
    }

    @Override
    public Mask sample(int width, int height, SplittableRandom random) {
        int w = side(width, random);
        int h = side(height, random);
        int x = random.nextInt(width - w + 1);
        int y = random.nextInt(height - h + 1);
        return Mask.ofBoxes(width, height, List.of(new Rect(x, y, w, h)));
    }

    private int side(int full, SplittableRandom random) {
        int lo = Math.max(1, (int) Math.round(minFraction * full));
        int hi = Math.max(lo, (int) Math.round(maxFraction * full));
        return lo + random.nextInt(hi - lo + 1);
    }
}
