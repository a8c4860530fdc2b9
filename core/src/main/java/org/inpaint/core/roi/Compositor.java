package org.inpaint.core.roi;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;

/**
 * Pastes an engine's filled crop back into the image. Only hole pixels are written, so every known pixel
 * stays byte-identical. The seam is feathered: where the engine's output disagrees with the known pixels
 * just outside the hole (a network's colour drift, the blur of a scaled crop), that difference is spread
 * smoothly into the hole and fades out over {@code feather} pixels from its border.
 */
public final class Compositor {

    private Compositor() {
    }

    /**
     * @param target  the image being filled, modified in place (hole pixels of {@code crop} only)
     * @param mask    the full-size mask
     * @param crop    where {@code filled} sits in {@code target}
     * @param filled  the engine's output for the crop, at the crop's native size
     * @param feather seam width in pixels; 0 pastes as is
     */
    public static void paste(RgbImage target, Mask mask, Rect crop, RgbImage filled, int feather) {
        if (filled.width() != crop.width() || filled.height() != crop.height()) {
            throw new IllegalArgumentException("filled crop is " + filled.width() + "x" + filled.height()
                    + ", expected " + crop.width() + "x" + crop.height());
        }
        int w = crop.width();
        int h = crop.height();
        byte[] t = target.data();
        byte[] f = filled.data();
        byte[] holes = mask.crop(crop).data();
        float[] correction = feather > 0 ? seamCorrection(target, crop, filled, holes, feather) : null;
        for (int y = 0; y < h; y++) {
            int trow = ((crop.y() + y) * target.width() + crop.x()) * 3;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (holes[i] == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    float v = (f[3 * i + c] & 0xFF) + (correction == null ? 0f : correction[3 * i + c]);
                    t[trow + 3 * x + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
    }

    /**
     * The per-pixel offset to add inside the hole: the known-minus-filled difference on a ring of known pixels
     * around the hole, extended into the hole by normalised box filtering, weighted by 1 - distance/feather.
     */
    private static float[] seamCorrection(RgbImage target, Rect crop, RgbImage filled, byte[] holes, int feather) {
        int w = crop.width();
        int h = crop.height();
        int n = w * h;
        int[] dist = Distance.toKnown(holes, w, h);
        float[] diff = new float[n * 3];
        float[] weight = new float[n];
        byte[] t = target.data();
        byte[] f = filled.data();
        byte[] ring = new Mask(w, h, holes).dilate(feather).data();
        boolean any = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (holes[i] != 0 || ring[i] == 0) {
                    continue;
                }
                int ti = ((crop.y() + y) * target.width() + crop.x() + x) * 3;
                for (int c = 0; c < 3; c++) {
                    float d = (t[ti + c] & 0xFF) - (f[3 * i + c] & 0xFF);
                    diff[3 * i + c] = d;
                    any |= d != 0f;
                }
                weight[i] = 1f;
            }
        }
        float[] out = new float[n * 3];
        if (!any) {
            return out;
        }
        float[] sumW = BoxFilter.apply(weight, w, h, 1, feather);
        float[] sumD = BoxFilter.apply(diff, w, h, 3, feather);
        for (int i = 0; i < n; i++) {
            if (holes[i] == 0 || sumW[i] <= 1e-6f || dist[i] > feather) {
                continue;
            }
            float fade = 1f - (dist[i] - 1) / (float) feather;
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = fade * sumD[3 * i + c] / sumW[i];
            }
        }
        return out;
    }
}
