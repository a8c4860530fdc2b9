package org.inpaint.inference.patchmatch;

/** Halving and doubling between pyramid levels. */
final class Pyramid {

    private Pyramid() {
    }

    /**
     * The next coarser level: each coarse pixel covers a 2x2 block (1 or 2 pixels at odd right and bottom edges).
     * The mask is conservative: a coarse pixel is a hole if any fine pixel under it is, so known coarse pixels
     * are plain averages of known fine pixels.
     */
    static Level downsample(Level fine) {
        int fw = fine.width, fh = fine.height;
        int w = (fw + 1) / 2, h = (fh + 1) / 2;
        int[] rgb = new int[w * h * 3];
        byte[] hole = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int y0 = 2 * y, y1 = Math.min(2 * y + 1, fh - 1);
            for (int x = 0; x < w; x++) {
                int x0 = 2 * x, x1 = Math.min(2 * x + 1, fw - 1);
                int a = y0 * fw + x0, b = y0 * fw + x1, c = y1 * fw + x0, d = y1 * fw + x1;
                int p = y * w + x;
                if ((fine.hole[a] | fine.hole[b] | fine.hole[c] | fine.hole[d]) != 0) {
                    hole[p] = 1;
                    continue;
                }
                for (int ch = 0; ch < 3; ch++) {
                    int sum = fine.rgb[3 * a + ch] + fine.rgb[3 * b + ch] + fine.rgb[3 * c + ch] + fine.rgb[3 * d + ch];
                    rgb[3 * p + ch] = (sum + 2) >> 2;
                }
            }
        }
        return new Level(w, h, rgb, hole);
    }

    /** Copies the coarse values (nearest neighbour) into the fine level's hole pixels, a first guess for them. */
    static void upsampleHole(Level coarse, Level fine) {
        for (int y = 0; y < fine.height; y++) {
            int cy = Math.min(y / 2, coarse.height - 1);
            for (int x = 0; x < fine.width; x++) {
                int p = y * fine.width + x;
                if (fine.hole[p] == 0) {
                    continue;
                }
                int q = cy * coarse.width + Math.min(x / 2, coarse.width - 1);
                fine.rgb[3 * p] = coarse.rgb[3 * q];
                fine.rgb[3 * p + 1] = coarse.rgb[3 * q + 1];
                fine.rgb[3 * p + 2] = coarse.rgb[3 * q + 2];
            }
        }
    }
}
