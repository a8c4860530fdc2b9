package org.inpaint.training.masks;

import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;

/**
 * Free-form brush strokes (the irregular holes of the partial-convolution, LBAM and CSA evaluations): polylines
 * of random direction changes drawn with a round brush, added one at a time until the hole ratio falls inside
 * the wanted bin. A stroke that overshoots is drawn again thinner and shorter.
 */
public record FreeFormMasks(HoleRatioBin bin) implements MaskSampler {

    private static final int MAX_STROKES = 400;

    /**
     * The stroke mask in {@code bin} that an evaluation gives the image named {@code name}: the same name, size, bin
     * and seed always draw the same mask, so every engine and every validation of a run meets the same holes.
     */
    public static Mask forCase(HoleRatioBin bin, String name, int width, int height, long seed) {
        long caseSeed = seed * 1_000_003L + name.hashCode() * 31L + Math.round(bin.hi() * 100);
        return new FreeFormMasks(bin).sample(width, height, caseSeed);
    }

    @Override
    public Mask sample(int width, int height, SplittableRandom random) {
        int shortSide = Math.min(width, height);
        for (int attempt = 0; attempt < 20; attempt++) {
            Mask mask = Mask.empty(width, height);
            long holes = 0;
            long total = (long) width * height;
            double scale = 1.0;
            for (int s = 0; s < MAX_STROKES && holes <= bin.lo() * total; s++) {
                Mask before = mask.copy();
                stroke(mask, random, shortSide, scale);
                holes = mask.holeCount();
                if (holes > bin.hi() * total) {
                    mask = before;
                    holes = mask.holeCount();
                    scale *= 0.7;
                }
            }
            if (bin.contains(holes / (double) total)) {
                return mask;
            }
        }
        throw new IllegalStateException("could not draw a free-form mask in " + bin + " for " + width + "x" + height);
    }

    private static void stroke(Mask mask, SplittableRandom random, int shortSide, double scale) {
        int vertices = 4 + random.nextInt(9);
        double brush = Math.max(2, scale * shortSide * (0.03 + 0.07 * random.nextDouble()));
        double maxStep = Math.max(4, scale * shortSide * 0.25);
        double x = random.nextDouble() * mask.width();
        double y = random.nextDouble() * mask.height();
        double angle = random.nextDouble() * 2 * Math.PI;
        for (int v = 0; v < vertices; v++) {
            angle += (random.nextDouble() - 0.5) * Math.PI;
            double len = maxStep * (0.3 + 0.7 * random.nextDouble());
            double nx = Math.max(0, Math.min(mask.width() - 1, x + len * Math.cos(angle)));
            double ny = Math.max(0, Math.min(mask.height() - 1, y + len * Math.sin(angle)));
            segment(mask, x, y, nx, ny, brush / 2);
            x = nx;
            y = ny;
        }
    }

    private static void segment(Mask mask, double x0, double y0, double x1, double y1, double r) {
        double len = Math.hypot(x1 - x0, y1 - y0);
        int steps = Math.max(1, (int) Math.ceil(len / Math.max(1, r / 2)));
        for (int i = 0; i <= steps; i++) {
            double t = i / (double) steps;
            disk(mask, x0 + t * (x1 - x0), y0 + t * (y1 - y0), r);
        }
    }

    private static void disk(Mask mask, double cx, double cy, double r) {
        int x0 = Math.max(0, (int) Math.floor(cx - r)), x1 = Math.min(mask.width() - 1, (int) Math.ceil(cx + r));
        int y0 = Math.max(0, (int) Math.floor(cy - r)), y1 = Math.min(mask.height() - 1, (int) Math.ceil(cy + r));
        double r2 = r * r;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                if (dx * dx + dy * dy <= r2) {
                    mask.set(x, y, true);
                }
            }
        }
    }
}
