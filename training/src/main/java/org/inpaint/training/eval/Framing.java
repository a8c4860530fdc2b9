package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;

/**
 * How much of a photo an evaluated image spans, and at what scale: the same network scores differently on a whole
 * photo shrunk to 256 px, on a 256 px centre crop of it scaled so its shorter side is 256, and on a 256 px centre
 * crop at the photo's own resolution, because each holds a different amount of detail per pixel.
 *
 * @param maxSide   scale down (area-averaged) so the longer side is at most this; 0 = no limit
 * @param shortSide scale (up or down) so the shorter side is exactly this; 0 = unchanged
 * @param crop      then keep the centre {@code crop}×{@code crop} square (or less where a side is shorter); 0 = all
 */
public record Framing(int maxSide, int shortSide, int crop) {

    /** Images as they are. */
    public static final Framing NATIVE = new Framing(0, 0, 0);

    public Framing {
        if (maxSide < 0) {
            throw InpaintException.badInput("--max-side", "needs a side of 0 (none) or more pixels, got " + maxSide);
        }
        if (shortSide < 0) {
            throw InpaintException.badInput("--short-side", "needs a side of 0 (none) or more pixels, got " + shortSide);
        }
        if (crop < 0) {
            throw InpaintException.badInput("--crop", "needs a side of 0 (none) or more pixels, got " + crop);
        }
        if (maxSide > 0 && shortSide > 0) {
            throw InpaintException.badInput("--short-side", "sets the scale, and so does --max-side: give one of them");
        }
    }

    /** Whole images, scaled down so the longer side is at most {@code maxSide}. */
    public static Framing longerSideAtMost(int maxSide) {
        return new Framing(maxSide, 0, 0);
    }

    public boolean isWholeImage() {
        return crop == 0;
    }

    public Evaluation.Sample apply(Evaluation.Sample sample) {
        RgbImage image = scaled(sample.truth());
        if (crop > 0 && (image.width() > crop || image.height() > crop)) {
            int w = Math.min(crop, image.width());
            int h = Math.min(crop, image.height());
            image = image.crop(new Rect((image.width() - w) / 2, (image.height() - h) / 2, w, h));
        }
        return image == sample.truth() ? sample : new Evaluation.Sample(sample.name(), image);
    }

    private RgbImage scaled(RgbImage image) {
        double s = 1;
        if (maxSide > 0) {
            s = Math.min(1, maxSide / (double) Math.max(image.width(), image.height()));
        } else if (shortSide > 0) {
            s = shortSide / (double) Math.min(image.width(), image.height());
        }
        if (s == 1) {
            return image;
        }
        return Resize.image(image, Math.max(1, (int) Math.round(image.width() * s)), Math.max(1, (int) Math.round(image.height() * s)));
    }

    /** "whole images, the longer side at most 256 px", "256 px centre crops, the shorter side scaled to 256 px", … */
    public String describe() {
        List<String> scale = new ArrayList<>();
        if (maxSide > 0) {
            scale.add("the longer side at most " + maxSide + " px");
        } else if (shortSide > 0) {
            scale.add("the shorter side scaled to " + shortSide + " px");
        } else {
            scale.add("at their own resolution");
        }
        return (crop > 0 ? crop + " px centre crops" : "whole images") + ", " + String.join(", ", scale);
    }
}
