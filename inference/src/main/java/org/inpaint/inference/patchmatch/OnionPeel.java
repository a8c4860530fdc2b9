package org.inpaint.inference.patchmatch;

/**
 * The hole peeled from its border inwards in rings (8-connected breadth-first distance to the known pixels),
 * and the smooth fill along that order: each hole pixel becomes the mean of its neighbours from earlier rings.
 * The smooth fill is the fallback when no patch fits at all. Pixels that no known pixel reaches (a level with no
 * known pixel) are left out of the order and keep their values.
 */
final class OnionPeel {

    /** {@code order[0..count)}: known pixels first (ring 0), then the hole ring by ring. */
    final int[] order;
    final int count;
    final int[] ring;

    private OnionPeel(int[] order, int count, int[] ring) {
        this.order = order;
        this.count = count;
        this.ring = ring;
    }

    static OnionPeel of(Level level) {
        int w = level.width, h = level.height, n = w * h;
        int[] ring = new int[n];
        int[] order = new int[n];
        int head = 0, tail = 0;
        for (int p = 0; p < n; p++) {
            if (level.hole[p] == 0) {
                order[tail++] = p;
            } else {
                ring[p] = -1;
            }
        }
        while (head < tail) {
            int p = order[head++];
            int x = p % w, y = p / w;
            for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                    int q = yy * w + xx;
                    if (ring[q] < 0) {
                        ring[q] = ring[p] + 1;
                        order[tail++] = q;
                    }
                }
            }
        }
        return new OnionPeel(order, tail, ring);
    }

    /** The largest ring number: how many steps the deepest hole pixel is from the known pixels. */
    int depth() {
        return count == 0 ? 0 : ring[order[count - 1]];
    }

    static void smoothFill(Level level) {
        OnionPeel peel = of(level);
        int w = level.width, h = level.height;
        int[] rgb = level.rgb;
        int[] ring = peel.ring;
        for (int i = 0; i < peel.count; i++) {
            int p = peel.order[i];
            if (ring[p] == 0) {
                continue;
            }
            int x = p % w, y = p / w;
            int r = 0, g = 0, b = 0, n = 0;
            for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                    int q = yy * w + xx;
                    if (ring[q] < ring[p]) {
                        r += rgb[3 * q];
                        g += rgb[3 * q + 1];
                        b += rgb[3 * q + 2];
                        n++;
                    }
                }
            }
            // n >= 1: the pixel that reached this one lies in the ring before
            rgb[3 * p] = (r + n / 2) / n;
            rgb[3 * p + 1] = (g + n / 2) / n;
            rgb[3 * p + 2] = (b + n / 2) / n;
        }
    }
}
