package org.inpaint.core.roi;

/** Sums over (2r+1)² windows, clipped at the borders, via an integral image. */
final class BoxFilter {

    private BoxFilter() {
    }

    static float[] apply(float[] src, int w, int h, int channels, int r) {
        double[] integral = new double[(w + 1) * (h + 1)];
        float[] out = new float[src.length];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                double row = 0;
                for (int x = 0; x < w; x++) {
                    row += src[(y * w + x) * channels + c];
                    integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
                }
            }
            for (int y = 0; y < h; y++) {
                int y0 = Math.max(0, y - r), y1 = Math.min(h, y + r + 1);
                for (int x = 0; x < w; x++) {
                    int x0 = Math.max(0, x - r), x1 = Math.min(w, x + r + 1);
                    double s = integral[y1 * (w + 1) + x1] - integral[y0 * (w + 1) + x1]
                            - integral[y1 * (w + 1) + x0] + integral[y0 * (w + 1) + x0];
                    out[(y * w + x) * channels + c] = (float) s;
                }
            }
        }
        return out;
    }
}
