package org.inpaint.core.roi;

/** Chessboard distance transforms on masks. */
public final class Distance {

    private Distance() {
    }

    /** For every hole pixel (non-zero), the chessboard distance to the nearest known pixel (1 = touching); 0 at known pixels. */
    public static int[] toKnown(byte[] holes, int w, int h) {
        int inf = w + h;
        int[] d = new int[w * h];
        for (int i = 0; i < d.length; i++) {
            d[i] = holes[i] != 0 ? inf : 0;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (d[i] == 0) {
                    continue;
                }
                int m = d[i];
                if (x > 0) m = Math.min(m, d[i - 1] + 1);
                if (y > 0) {
                    m = Math.min(m, d[i - w] + 1);
                    if (x > 0) m = Math.min(m, d[i - w - 1] + 1);
                    if (x < w - 1) m = Math.min(m, d[i - w + 1] + 1);
                }
                d[i] = m;
            }
        }
        for (int y = h - 1; y >= 0; y--) {
            for (int x = w - 1; x >= 0; x--) {
                int i = y * w + x;
                if (d[i] == 0) {
                    continue;
                }
                int m = d[i];
                if (x < w - 1) m = Math.min(m, d[i + 1] + 1);
                if (y < h - 1) {
                    m = Math.min(m, d[i + w] + 1);
                    if (x < w - 1) m = Math.min(m, d[i + w + 1] + 1);
                    if (x > 0) m = Math.min(m, d[i + w - 1] + 1);
                }
                d[i] = m;
            }
        }
        return d;
    }
}
