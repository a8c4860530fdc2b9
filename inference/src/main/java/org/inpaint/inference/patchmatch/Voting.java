package org.inpaint.inference.patchmatch;

import java.util.Arrays;

/**
 * The reconstruction step of Wexler et al. (2007): every hole pixel becomes the weighted mean of the values the
 * overlapping target patches' nearest sources put at its place. A target's weight is exp(-d / 2σ²), d its
 * patch distance per colour sample, σ² the 75th percentile of those distances.
 *
 * <p>Each hole pixel gathers its own votes, so the hole can be split between threads and updated in place:
 * sources are made of known pixels only and never read a hole pixel.
 */
final class Voting {

    private static final double PERCENTILE = 0.75;

    private Voting() {
    }

    static void vote(Level level, PatchDomain domain, int[] nnf, int[] dist, int parts) {
        float[] weight = weights(level, domain, dist);
        int[] holes = domain.holes;
        int k = Math.max(1, Math.min(parts, holes.length));
        Parallel.run(k, part -> {
            int from = (int) ((long) holes.length * part / k), to = (int) ((long) holes.length * (part + 1) / k);
            for (int i = from; i < to; i++) {
                gather(level, domain.radius, nnf, weight, holes[i]);
            }
        });
    }

    private static float[] weights(Level level, PatchDomain domain, int[] dist) {
        int[] targets = domain.targets;
        float[] weight = new float[level.width * level.height];
        if (targets.length == 0) {
            return weight;
        }
        int side = 2 * domain.radius + 1;
        double samples = 3.0 * side * side;
        int[] sorted = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            sorted[i] = dist[targets[i]];
        }
        Arrays.sort(sorted);
        double sigma2 = Math.max(1.0, sorted[(int) (PERCENTILE * (sorted.length - 1))] / samples);
        for (int t : targets) {
            weight[t] = (float) Math.exp(-dist[t] / samples / (2 * sigma2));
        }
        return weight;
    }

    private static void gather(Level level, int r, int[] nnf, float[] weight, int p) {
        int w = level.width, h = level.height;
        int[] rgb = level.rgb;
        int x = p % w, y = p / w;
        // p = t + (dx, dy) for each covering target t, so its vote is the source's pixel at the same offset.
        int dyFrom = Math.max(-r, y - (h - 1)), dyTo = Math.min(r, y);
        int dxFrom = Math.max(-r, x - (w - 1)), dxTo = Math.min(r, x);
        double wr = 0, wg = 0, wb = 0, wsum = 0;
        int ur = 0, ug = 0, ub = 0, count = 0;
        for (int dy = dyFrom; dy <= dyTo; dy++) {
            for (int dx = dxFrom; dx <= dxTo; dx++) {
                int offset = dy * w + dx;
                int t = p - offset;
                int s = nnf[t];
                if (s < 0) {
                    continue;
                }
                int v = 3 * (s + offset);
                double wt = weight[t];
                wr += wt * rgb[v];
                wg += wt * rgb[v + 1];
                wb += wt * rgb[v + 2];
                wsum += wt;
                ur += rgb[v];
                ug += rgb[v + 1];
                ub += rgb[v + 2];
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        if (wsum > 1e-20) {
            rgb[3 * p] = (int) (wr / wsum + 0.5);
            rgb[3 * p + 1] = (int) (wg / wsum + 0.5);
            rgb[3 * p + 2] = (int) (wb / wsum + 0.5);
        } else {
            // every vote's weight underflowed: fall back to the plain mean
            rgb[3 * p] = (ur + count / 2) / count;
            rgb[3 * p + 1] = (ug + count / 2) / count;
            rgb[3 * p + 2] = (ub + count / 2) / count;
        }
    }
}
