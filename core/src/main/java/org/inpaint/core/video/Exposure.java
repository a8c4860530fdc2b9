package org.inpaint.core.video;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * A frame's exposure relative to the background model: per channel, {@code frame ≈ gain · background + offset}.
 * Fitted by least squares on a grid of pixels outside the holes, then refitted on the pixels whose residual is
 * within three robust standard deviations, so the objects the holes missed do not bend the fit.
 */
public record Exposure(float[] gain, float[] offset) {

    private static final int GRID = 3;
    private static final float MIN_GAIN = 0.25f;
    private static final float MAX_GAIN = 4f;

    /** The background value {@code reference} as this frame shows it. */
    public float fromReference(int channel, float reference) {
        return gain[channel] * reference + offset[channel];
    }

    /** This frame's value {@code seen} in the background's exposure. */
    public float toReference(int channel, float seen) {
        return (seen - offset[channel]) / gain[channel];
    }

    static Exposure fit(RgbImage frame, float[] background, Mask exclude) {
        int w = frame.width(), h = frame.height();
        byte[] src = frame.data();
        byte[] ex = exclude == null ? null : exclude.data();
        int cap = ((w + GRID - 1) / GRID) * ((h + GRID - 1) / GRID);
        float[] xs = new float[cap];
        float[] ys = new float[cap];
        float[] gain = new float[3];
        float[] offset = new float[3];
        for (int c = 0; c < 3; c++) {
            int n = 0;
            for (int y = 0; y < h; y += GRID) {
                for (int x = 0; x < w; x += GRID) {
                    int i = y * w + x;
                    if (ex != null && ex[i] != 0) {
                        continue;
                    }
                    xs[n] = background[3 * i + c];
                    ys[n] = src[3 * i + c] & 0xFF;
                    n++;
                }
            }
            float[] line = leastSquares(xs, ys, n, Float.POSITIVE_INFINITY, 0, 1);
            float spread = robustSpread(xs, ys, n, line);
            line = leastSquares(xs, ys, n, Math.max(3 * spread, 2f), line[0], line[1]);
            gain[c] = line[0];
            offset[c] = line[1];
        }
        return new Exposure(gain, offset);
    }

    /** Fits y = a·x + b over the points whose residual against (a0, b0) is within {@code within}. */
    private static float[] leastSquares(float[] xs, float[] ys, int n, float within, float a0, float b0) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (Math.abs(ys[i] - (a0 * xs[i] + b0)) > within) {
                continue;
            }
            sx += xs[i];
            sy += ys[i];
            sxx += (double) xs[i] * xs[i];
            sxy += (double) xs[i] * ys[i];
            m++;
        }
        if (m < 16) {
            return new float[] {1, 0};
        }
        double var = sxx - sx * sx / m;
        if (var < 1e-3 * m) { // a flat background: an offset is all that can be told
            return new float[] {1, (float) ((sy - sx) / m)};
        }
        double a = (sxy - sx * sy / m) / var;
        a = Math.max(MIN_GAIN, Math.min(MAX_GAIN, a));
        double b = (sy - a * sx) / m;
        return new float[] {(float) a, (float) b};
    }

    /** 1.4826 × the median absolute residual (the standard deviation, were the residuals normal). */
    private static float robustSpread(float[] xs, float[] ys, int n, float[] line) {
        if (n == 0) {
            return 0;
        }
        int[] histogram = new int[512];
        for (int i = 0; i < n; i++) {
            int r = (int) Math.min(511, Math.abs(ys[i] - (line[0] * xs[i] + line[1])));
            histogram[r]++;
        }
        int half = n / 2;
        int seen = 0;
        for (int r = 0; r < histogram.length; r++) {
            seen += histogram[r];
            if (seen > half) {
                return 1.4826f * (r + 0.5f);
            }
        }
        return 511;
    }
}
