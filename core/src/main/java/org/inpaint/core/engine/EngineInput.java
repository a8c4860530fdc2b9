package org.inpaint.core.engine;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** One item of a batch: an image and its mask (1 = hole) of the same size. */
public record EngineInput(RgbImage image, Mask mask) {

    public EngineInput {
        if (!image.sameSize(mask)) {
            throw new IllegalArgumentException("image " + image.width() + "x" + image.height() + " and mask "
                    + mask.width() + "x" + mask.height() + " differ in size");
        }
    }
}
