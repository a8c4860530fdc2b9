package org.inpaint.training.run;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** Images side by side in rows, for looking at fills: a training run's progress, or engines compared. */
public final class SampleGrid {

    private static final int GAP = 4;

    private SampleGrid() {
    }

    /** Rows of input (holes shown white) | output | ground truth. */
    public static RgbImage of(List<RgbImage> truths, List<Mask> masks, List<RgbImage> outputs) {
        List<List<RgbImage>> rows = new ArrayList<>();
        for (int r = 0; r < truths.size(); r++) {
            rows.add(List.of(withHoles(truths.get(r), masks.get(r)), outputs.get(r), truths.get(r)));
        }
        return rows(rows);
    }

    /**
     * The given rows, each image at its native size, top-left in a cell as wide as the widest image of its column
     * and as tall as the tallest of its row, black between cells.
     */
    public static RgbImage rows(List<List<RgbImage>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElseThrow(() -> new IllegalArgumentException("no rows"));
        int[] widths = new int[columns];
        int[] heights = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                widths[c] = Math.max(widths[c], rows.get(r).get(c).width());
                heights[r] = Math.max(heights[r], rows.get(r).get(c).height());
            }
        }
        RgbImage grid = RgbImage.blank(sum(widths) + (columns - 1) * GAP, sum(heights) + (rows.size() - 1) * GAP);
        int top = 0;
        for (int r = 0; r < rows.size(); r++) {
            int left = 0;
            for (int c = 0; c < rows.get(r).size(); c++) {
                paste(grid, rows.get(r).get(c), left, top);
                left += widths[c] + GAP;
            }
            top += heights[r] + GAP;
        }
        return grid;
    }

    /** {@code img} with its holes painted white. */
    public static RgbImage withHoles(RgbImage img, Mask mask) {
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

    private static int sum(int[] v) {
        int s = 0;
        for (int x : v) {
            s += x;
        }
        return s;
    }

    private static void paste(RgbImage into, RgbImage img, int left, int top) {
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(img.data(), 3 * y * img.width(), into.data(), 3 * ((top + y) * into.width() + left), 3 * img.width());
        }
    }
}
