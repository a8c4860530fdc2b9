package org.inpaint.training.masks;

import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;

/** A square hole in the centre covering {@code areaRatio} of the image (the papers' centre-hole setting). */
public record CenteredSquareMasks(double areaRatio) implements MaskSampler {

    public CenteredSquareMasks {
        if (!(areaRatio > 0 && areaRatio < 1)) {
            throw new IllegalArgumentException("areaRatio must be in (0, 1)");
        }
    }

    @Override
    public Mask sample(int width, int height, SplittableRandom random) {
        int side = (int) Math.round(Math.sqrt(areaRatio * width * height));
        int w = Math.min(width - 2, side);
        int h = Math.min(height - 2, (int) Math.round(areaRatio * width * height / (double) w));
        return Mask.ofBoxes(width, height, List.of(new Rect((width - w) / 2, (height - h) / 2, w, h)));
    }
}
