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
