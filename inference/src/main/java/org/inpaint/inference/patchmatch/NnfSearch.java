package org.inpaint.inference.patchmatch;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The nearest-neighbour field of one level (Barnes et al. 2009): for every target patch centre, the centre of
 * the source patch with the smallest sum of squared RGB differences found so far, improved by propagation from
 * the scan-order neighbours and by random search in shrinking windows.
 *
 * <p>The field is one int (the source's pixel index) per pixel, -1 off the targets. A pass splits the targets
 * into parts searched in parallel; a target only propagates from neighbours of its own part, so no part reads
 * what another is writing and the result does not depend on timing. Passes alternate between forward scans over
 * horizontal bands and backward scans over vertical bands, so every band edge is crossed by the other kind.
 */
final class NnfSearch {

    private final Level level;
    private final PatchDomain domain;
    private final int r;
    private final int rowLength;
    final int[] nnf;
    final int[] dist;
    /** Whether dist may be out of date because the hole was voted on since it was computed. */
    private boolean stale = true;

    NnfSearch(Level level, PatchDomain domain) {
        this.level = level;
        this.domain = domain;
        this.r = domain.radius;
        this.rowLength = 3 * (2 * r + 1);
        int n = level.width * level.height;
        this.nnf = new int[n];
        this.dist = new int[n];
        Arrays.fill(nnf, -1);
    }

    /** Every target gets a uniformly drawn source. */
    void randomInit(SplittableRandom random) {
        int[] sources = domain.sources;
        for (int t : domain.targets) {
            nnf[t] = sources[random.nextInt(sources.length)];
        }
    }

    /**
     * Starts from the field of the next coarser level: offsets doubled, the pixel's position within its 2x2
     * block kept. Targets the coarse field does not cover, or whose scaled source is not a source here, draw a
     * random source.
     */
    void initFrom(NnfSearch coarse, SplittableRandom random) {
        int w = level.width, h = level.height;
        int cw = coarse.level.width, ch = coarse.level.height;
        int[] sources = domain.sources;
        for (int t : domain.targets) {
            int x = t % w, y = t / w;
            int cx = Math.min(x / 2, cw - 1), cy = Math.min(y / 2, ch - 1);
            int cs = coarse.nnf[cy * cw + cx];
            int s = -1;
            if (cs >= 0) {
                int sx = clamp(2 * (cs % cw) + (x - 2 * cx), r, w - 1 - r);
                int sy = clamp(2 * (cs / cw) + (y - 2 * cy), r, h - 1 - r);
                s = sy * w + sx;
            }
            nnf[t] = s >= 0 && domain.isSource[s] != 0 ? s : sources[random.nextInt(sources.length)];
        }
    }

    /** Tells the search the hole's pixels changed, so the stored distances must be recomputed. */
    void imageChanged() {
        stale = true;
    }

    /** Recomputes the distance of every target to its current source. */
    void refreshDistances() {
        int[][] split = domain.rowParts;
        Parallel.run(split.length, part -> {
            for (int t : split[part]) {
                dist[t] = ssd(t, nnf[t], Integer.MAX_VALUE);
            }
        });
        stale = false;
    }

    /** One propagation + random-search pass; {@code pass} picks scan direction and split, and seeds the parts. */
    void pass(int pass, long seed) {
        boolean forward = (pass & 1) == 0;
        int[][] split = forward ? domain.rowParts : domain.columnParts;
        byte[] partOf = forward ? domain.rowPartOf : domain.columnPartOf;
        boolean recompute = stale;
        Parallel.run(split.length, part -> scan(split[part], partOf, (byte) part, forward, recompute,
                new SplittableRandom(mix(seed, pass, part))));
        stale = false;
    }

    private void scan(int[] targets, byte[] partOf, byte part, boolean forward, boolean recompute,
                      SplittableRandom random) {
        int w = level.width, h = level.height;
        int step = forward ? 1 : -1;
        int rowStep = forward ? w : -w;
        int[] sources = domain.sources;
        byte[] isSource = domain.isSource;
        int n = targets.length;
        for (int i = 0; i < n; i++) {
            int t = targets[forward ? i : n - 1 - i];
            int best = nnf[t];
            int bestDist = recompute ? ssd(t, best, Integer.MAX_VALUE) : dist[t];

            int q = t - step;
            if (partOf[q] == part) {
                int c = nnf[q] + step;
                if (c != best && isSource[c] != 0) {
                    int d = ssd(t, c, bestDist);
                    if (d < bestDist) {
                        best = c;
                        bestDist = d;
                    }
                }
            }
            q = t - rowStep;
            if (partOf[q] == part) {
                int c = nnf[q] + rowStep;
                if (c != best && isSource[c] != 0) {
                    int d = ssd(t, c, bestDist);
                    if (d < bestDist) {
                        best = c;
                        bestDist = d;
                    }
                }
            }

            // One draw from all sources, then windows halving around the current best.
            int c = sources[random.nextInt(sources.length)];
            if (c != best) {
                int d = ssd(t, c, bestDist);
                if (d < bestDist) {
                    best = c;
                    bestDist = d;
                }
            }
            int bx = best % w, by = best / w;
            for (int radius = Math.max(w, h) / 2; radius >= 1; radius >>= 1) {
                int cx = clamp(bx + random.nextInt(2 * radius + 1) - radius, r, w - 1 - r);
                int cy = clamp(by + random.nextInt(2 * radius + 1) - radius, r, h - 1 - r);
                c = cy * w + cx;
                if (c == best || isSource[c] == 0) {
                    continue;
                }
                int d = ssd(t, c, bestDist);
                if (d < bestDist) {
                    best = c;
                    bestDist = d;
                    bx = cx;
                    by = cy;
                }
            }
            nnf[t] = best;
            dist[t] = bestDist;
        }
    }

    /** Sum of squared differences of the patches centred at t and s; stops early once it reaches {@code bound}. */
    int ssd(int t, int s, int bound) {
        int[] rgb = level.rgb;
        int stride = 3 * level.width;
        int a = 3 * (t - r * level.width - r);
        int b = 3 * (s - r * level.width - r);
        int sum = 0;
        for (int row = -r; row <= r; row++) {
            for (int k = 0; k < rowLength; k++) {
                int d = rgb[a + k] - rgb[b + k];
                sum += d * d;
            }
            if (sum >= bound) {
                return sum;
            }
            a += stride;
            b += stride;
        }
        return sum;
    }

    private static int clamp(int v, int lo, int hi) {
        return v < lo ? lo : Math.min(v, hi);
    }

    private static long mix(long seed, int pass, int part) {
        return seed * 0x9E3779B97F4A7C15L + pass * 0xBF58476D1CE4E5B9L + part * 0x94D049BB133111EBL;
    }
}
