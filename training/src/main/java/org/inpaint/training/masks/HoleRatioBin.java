package org.inpaint.training.masks;

import java.util.List;

/** A half-open range (lo, hi] of hole-area ratios, as the irregular-mask papers bin their results. */
public record HoleRatioBin(double lo, double hi) {

    public static final List<HoleRatioBin> PAPER_BINS = List.of(
            new HoleRatioBin(0.1, 0.2), new HoleRatioBin(0.2, 0.3), new HoleRatioBin(0.3, 0.4),
            new HoleRatioBin(0.4, 0.5), new HoleRatioBin(0.5, 0.6));

    public HoleRatioBin {
        if (!(lo >= 0 && lo < hi && hi <= 1)) {
            throw new IllegalArgumentException("bad bin (" + lo + ", " + hi + "]");
        }
    }

    public boolean contains(double ratio) {
        return ratio > lo && ratio <= hi;
    }

    /** The bin of {@code ratio} among the paper's bins, or null outside (0.1, 0.6]. */
    public static HoleRatioBin paperBinOf(double ratio) {
        return PAPER_BINS.stream().filter(b -> b.contains(ratio)).findFirst().orElse(null);
    }

    /**
     * The tenth of (0, 1] that holds {@code ratio}: (0,0.1], (0.1,0.2], ..., (0.9,1]. Between 0.1 and 0.6 these are
     * the papers' bins. Ratios are rounded to 1e-9 first, so 0.3 measured as 0.30000000000000004 stays in (0.2,0.3].
     */
    public static HoleRatioBin tenthOf(double ratio) {
        if (!(ratio > 0 && ratio <= 1)) {
            throw new IllegalArgumentException("hole ratio must be in (0, 1], got " + ratio);
        }
        double r = Math.round(ratio * 1e9) / 1e9;
        int k = (int) Math.ceil(r * 10 - 1e-9);
        return new HoleRatioBin((k - 1) / 10.0, k / 10.0);
    }

    /** "(0.1,0.2]". */
    public String label() {
        return "(" + trim(lo) + "," + trim(hi) + "]";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return label();
    }
}
