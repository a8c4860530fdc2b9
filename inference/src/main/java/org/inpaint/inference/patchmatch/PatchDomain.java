package org.inpaint.inference.patchmatch;

import java.util.Arrays;
import org.inpaint.core.image.Mask;

/**
 * Which patches of a level take part, by centre pixel. Only centres whose whole patch lies inside the image
 * count. A source patch has every pixel known; a target patch has its centre within the patch radius of the
 * hole, i.e. it overlaps the hole. The two sets are disjoint.
 *
 * <p>For the parallel search the targets are also cut into parts of about equal size, once by rows (horizontal
 * bands) and once by columns (vertical bands), each part listed in row-major order.
 */
final class PatchDomain {

    final int radius;
    final byte[] isSource;
    final int[] sources;
    final int[] targets;
    final int[] holes;
    final int[][] rowParts;
    final byte[] rowPartOf;
    final int[][] columnParts;
    final byte[] columnPartOf;

    private PatchDomain(int radius, byte[] isSource, int[] sources, int[] targets, int[] holes, int[][] rowParts,
                        byte[] rowPartOf, int[][] columnParts, byte[] columnPartOf) {
        this.radius = radius;
        this.isSource = isSource;
        this.sources = sources;
        this.targets = targets;
        this.holes = holes;
        this.rowParts = rowParts;
        this.rowPartOf = rowPartOf;
        this.columnParts = columnParts;
        this.columnPartOf = columnPartOf;
    }

    static PatchDomain of(Level level, int radius, int parts) {
        int w = level.width, h = level.height, n = w * h;
        byte[] near = new Mask(w, h, level.hole).dilate(radius).data();
        byte[] isSource = new byte[n];
        int[] sources = new int[n];
        int[] targets = new int[n];
        int ns = 0, nt = 0;
        for (int y = radius; y < h - radius; y++) {
            for (int x = radius; x < w - radius; x++) {
                int p = y * w + x;
                if (near[p] == 0) {
                    isSource[p] = 1;
                    sources[ns++] = p;
                } else {
                    targets[nt++] = p;
                }
            }
        }
        int nh = 0;
        int[] holes = new int[n];
        for (int p = 0; p < n; p++) {
            if (level.hole[p] != 0) {
                holes[nh++] = p;
            }
        }
        targets = Arrays.copyOf(targets, nt);
        int k = Math.max(1, Math.min(parts, nt));
        byte[] rowPartOf = new byte[n];
        Arrays.fill(rowPartOf, (byte) -1);
        int[][] rowParts = new int[k][];
        for (int part = 0; part < k; part++) {
            int from = (int) ((long) nt * part / k), to = (int) ((long) nt * (part + 1) / k);
            rowParts[part] = Arrays.copyOfRange(targets, from, to);
            for (int i = from; i < to; i++) {
                rowPartOf[targets[i]] = (byte) part;
            }
        }
        int[] columnCut = columnCuts(targets, w, k);
        byte[] columnPartOf = new byte[n];
        Arrays.fill(columnPartOf, (byte) -1);
        int[] sizes = new int[k];
        for (int t : targets) {
            int part = partOfColumn(columnCut, t % w);
            columnPartOf[t] = (byte) part;
            sizes[part]++;
        }
        int[][] columnParts = new int[k][];
        for (int part = 0; part < k; part++) {
            columnParts[part] = new int[sizes[part]];
        }
        int[] fill = new int[k];
        for (int t : targets) {
            int part = columnPartOf[t];
            columnParts[part][fill[part]++] = t;
        }
        return new PatchDomain(radius, isSource, Arrays.copyOf(sources, ns), targets, Arrays.copyOf(holes, nh),
                rowParts, rowPartOf, columnParts, columnPartOf);
    }

    /** First column of each part after the first, chosen so the parts hold about as many targets each. */
    private static int[] columnCuts(int[] targets, int w, int k) {
        int[] perColumn = new int[w];
        for (int t : targets) {
            perColumn[t % w]++;
        }
        int[] cuts = new int[k - 1];
        long seen = 0;
        int next = 0;
        for (int x = 0; x < w && next < k - 1; x++) {
            seen += perColumn[x];
            while (next < k - 1 && seen * k >= (long) targets.length * (next + 1)) {
                cuts[next++] = x + 1;
            }
        }
        while (next < k - 1) {
            cuts[next++] = w;
        }
        return cuts;
    }

    private static int partOfColumn(int[] cuts, int x) {
        int part = 0;
        while (part < cuts.length && x >= cuts[part]) {
            part++;
        }
        return part;
    }
}
