package org.inpaint.inference.patchmatch;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** One pyramid level: RGB as ints (three per pixel, row-major) and its hole mask (1 = hole). */
final class Level {

    final int width;
    final int height;
    final int[] rgb;
    final byte[] hole;

    Level(int width, int height, int[] rgb, byte[] hole) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.hole = hole;
    }

    static Level of(RgbImage image, Mask mask) {
        byte[] src = image.data();
        int[] rgb = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            rgb[i] = src[i] & 0xFF;
        }
        return new Level(image.width(), image.height(), rgb, mask.data().clone());
    }

    /** The input with its hole pixels replaced by this level's values; known bytes are copied untouched. */
    RgbImage composite(RgbImage original) {
        byte[] out = original.data().clone();
        for (int p = 0; p < hole.length; p++) {
            if (hole[p] != 0) {
                out[3 * p] = (byte) rgb[3 * p];
                out[3 * p + 1] = (byte) rgb[3 * p + 1];
                out[3 * p + 2] = (byte) rgb[3 * p + 2];
            }
        }
        return new RgbImage(width, height, out);
    }
}
