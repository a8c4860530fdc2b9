package org.inpaint.training.run;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** Rows of input (holes shown white) | output | ground truth, for looking at a run's progress. */
public final class SampleGrid {

    private static final int GAP = 4;

    private SampleGrid() {
    }

    public static RgbImage of(List<RgbImage> truths, List<Mask> masks, List<RgbImage> outputs) {
        int s = truths.get(0).width(), h = truths.get(0).height();
        int rows = truths.size();
        RgbImage grid = RgbImage.blank(3 * s + 2 * GAP, rows * h + (rows - 1) * GAP);
        for (int r = 0; r < rows; r++) {
            int top = r * (h + GAP);
            paste(grid, withHoles(truths.get(r), masks.get(r)), 0, top);
            paste(grid, outputs.get(r), s + GAP, top);
            paste(grid, truths.get(r), 2 * (s + GAP), top);
        }
        return grid;
    }

    private static RgbImage withHoles(RgbImage img, Mask mask) {
        RgbImage out = img.copy();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (mask.isHole(x, y)) {
                    for (int c = 0; c < 3; c++) {
                        out.set(x, y, c, 255);
                    }
                }
            }
        }
        return out;
    }

    private static void paste(RgbImage into, RgbImage img, int left, int top) {
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(img.data(), 3 * y * img.width(), into.data(), 3 * ((top + y) * into.width() + left), 3 * img.width());
        }
    }
}
