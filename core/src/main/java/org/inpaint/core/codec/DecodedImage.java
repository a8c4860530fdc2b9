package org.inpaint.core.codec;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * A decoded image: its RGB pixels, the alpha channel when the file had one, and the format it was in.
 *
 * @param alpha one byte per pixel (255 = opaque), or null when the file had no alpha channel
 */
public record DecodedImage(RgbImage image, byte[] alpha, ImageFormat format) {

    /** True when there is an alpha channel and at least one pixel is not fully opaque. */
    public boolean hasTransparency() {
        if (alpha == null) {
            return false;
        }
        for (byte a : alpha) {
            if ((a & 0xFF) != 255) {
                return true;
            }
        }
        return false;
    }

    /** Transparent pixels (alpha below 128) as holes. */
    public Mask alphaMask() {
        if (alpha == null) {
            throw new IllegalStateException("the image has no alpha channel");
        }
        byte[] holes = new byte[alpha.length];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = (byte) ((alpha[i] & 0xFF) < 128 ? 255 : 0);
        }
        return Mask.threshold(image.width(), image.height(), holes, 127);
    }
}
