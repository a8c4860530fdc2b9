package org.inpaint.inference.patchmatch;

import java.util.SplittableRandom;

/**
 * Structured start for the coarsest level: the hole is synthesised ring by ring from its border inwards, in the
 * manner of Efros and Leung (1999). Each hole pixel takes its value from the source patch that best matches the
 * patch around it on the pixels already known or filled; the best is searched PatchMatch-style (continuing the
 * matches of filled neighbours, global random draws, shrinking windows). Starting EM from a smooth fill instead
 * lets it settle on the blandest sources, the well-known blur of the coarse-to-fine method on textures.
 */
final class PeelSynthesis {

    private static final int GLOBAL_DRAWS = 48;

    private final Level level;
    private final PatchDomain domain;
    private final int r;
    private final byte[] filled;
    /** For each filled hole pixel, the source centre it was copied from (-1 elsewhere). */
    private final int[] sourceOf;

    private PeelSynthesis(Level level, PatchDomain domain) {
        this.level = level;
        this.domain = domain;
        this.r = domain.radius;
        int n = level.width * level.height;
        this.filled = new byte[n];
        this.sourceOf = new int[n];
        for (int p = 0; p < n; p++) {
            filled[p] = (byte) (1 - level.hole[p]);
            sourceOf[p] = -1;
        }
    }

    static void fill(Level level, PatchDomain domain, SplittableRandom random) {
        new PeelSynthesis(level, domain).run(random);
    }

    private void run(SplittableRandom random) {
        OnionPeel peel = OnionPeel.of(level);
        int[] rgb = level.rgb;
        for (int i = 0; i < peel.count; i++) {
            int p = peel.order[i];
            if (filled[p] != 0) {
                continue;
            }
            int c = centreFor(p);
            int best = search(p, c, random);
            int v = 3 * (best + (p - c));
            rgb[3 * p] = rgb[v];
            rgb[3 * p + 1] = rgb[v + 1];
            rgb[3 * p + 2] = rgb[v + 2];
            filled[p] = 1;
            sourceOf[p] = best;
        }
    }

    /** The patch centre nearest to p whose patch lies inside the image. */
    private int centreFor(int p) {
        int w = level.width, h = level.height;
        return clamp(p / w, r, h - 1 - r) * w + clamp(p % w, r, w - 1 - r);
    }

    private int search(int p, int c, SplittableRandom random) {
        int w = level.width, h = level.height;
        int[] sources = domain.sources;
        byte[] isSource = domain.isSource;
        int cx = c % w, cy = c / w;
        int best = sources[random.nextInt(sources.length)];
        int bestDist = maskedSsd(c, best, Integer.MAX_VALUE);
        for (int i = 1; i < GLOBAL_DRAWS; i++) {
            int s = sources[random.nextInt(sources.length)];
            int d = maskedSsd(c, s, bestDist);
            if (d < bestDist) {
                best = s;
                bestDist = d;
            }
        }
        // a filled neighbour's match, shifted by the same step, continues its structure
        int x = p % w, y = p / w;
        for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
            for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                int q = yy * w + xx;
                int sq = sourceOf[q];
                if (sq < 0) {
                    continue;
                }
                int cq = centreFor(q);
                int sx = sq % w + cx - cq % w, sy = sq / w + cy - cq / w;
                if (sx < r || sx >= w - r || sy < r || sy >= h - r) {
                    continue;
                }
                int s = sy * w + sx;
                if (s != best && isSource[s] != 0) {
                    int d = maskedSsd(c, s, bestDist);
                    if (d < bestDist) {
                        best = s;
                        bestDist = d;
                    }
                }
            }
        }
        for (int radius = Math.max(w, h) / 4; radius >= 1; radius >>= 1) {
            int sx = clamp(best % w + random.nextInt(2 * radius + 1) - radius, r, w - 1 - r);
            int sy = clamp(best / w + random.nextInt(2 * radius + 1) - radius, r, h - 1 - r);
            int s = sy * w + sx;
            if (s != best && isSource[s] != 0) {
                int d = maskedSsd(c, s, bestDist);
                if (d < bestDist) {
                    best = s;
                    bestDist = d;
                }
            }
        }
        return best;
    }

    /** SSD of the patches at t and s over the pixels of t's patch that are filled; stops early at {@code bound}. */
    private int maskedSsd(int t, int s, int bound) {
        int w = level.width;
        int[] rgb = level.rgb;
        int sum = 0;
        for (int dy = -r; dy <= r; dy++) {
            int rowT = t + dy * w, rowS = s + dy * w;
            for (int dx = -r; dx <= r; dx++) {
                if (filled[rowT + dx] == 0) {
                    continue;
                }
                int a = 3 * (rowT + dx), b = 3 * (rowS + dx);
                int d0 = rgb[a] - rgb[b], d1 = rgb[a + 1] - rgb[b + 1], d2 = rgb[a + 2] - rgb[b + 2];
                sum += d0 * d0 + d1 * d1 + d2 * d2;
            }
            if (sum >= bound) {
                return sum;
            }
        }
        return sum;
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }
}
