package org.inpaint.core.roi;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;

/**
 * Plans the crops an engine fills: one crop per connected hole component, grown by a context margin, with
 * overlapping crops merged, each scaled down to the engine's working size when it is larger.
 *
 * <p>The margin is {@code max(minMargin, marginFactor * longest side of the component)}: a hole needs context
 * in proportion to its size. When the crops together cover most of the image the whole image is one crop
 * (cheaper than many overlapping passes, and the most context).
 */
public final class RoiPlanner {

    private final double marginFactor;
    private final int minMargin;
    private final double wholeImageFraction;

    public RoiPlanner(double marginFactor, int minMargin, double wholeImageFraction) {
        if (marginFactor < 0 || minMargin < 0 || wholeImageFraction <= 0 || wholeImageFraction > 1) {
            throw new IllegalArgumentException("bad ROI planner settings");
        }
        this.marginFactor = marginFactor;
        this.minMargin = minMargin;
        this.wholeImageFraction = wholeImageFraction;
    }

    public static RoiPlanner withDefaults() {
        return new RoiPlanner(1.0, 32, 0.6);
    }

    /**
     * @param workingSize the engine's longest working side, 0 for native resolution
     */
    public List<Roi> plan(Mask mask, int workingSize) {
        Rect frame = new Rect(0, 0, mask.width(), mask.height());
        List<Rect> crops = new ArrayList<>();
        for (Rect c : mask.componentBounds()) {
            int margin = Math.max(minMargin, (int) Math.round(marginFactor * Math.max(c.width(), c.height())));
            crops.add(c.expand(margin).intersection(frame));
        }
        crops = mergeOverlapping(crops);
        long covered = crops.stream().mapToLong(Rect::area).sum();
        if (covered >= wholeImageFraction * frame.area()) {
            crops = List.of(frame);
        }
        List<Roi> rois = new ArrayList<>(crops.size());
        for (Rect c : crops) {
            rois.add(sized(c, workingSize));
        }
        return rois;
    }

    static Roi sized(Rect crop, int workingSize) {
        int longest = Math.max(crop.width(), crop.height());
        if (workingSize <= 0 || longest <= workingSize) {
            return new Roi(crop, crop.width(), crop.height());
        }
        double s = workingSize / (double) longest;
        return new Roi(crop, Math.max(1, (int) Math.round(crop.width() * s)), Math.max(1, (int) Math.round(crop.height() * s)));
    }

    static List<Rect> mergeOverlapping(List<Rect> rects) {
        List<Rect> out = new ArrayList<>(rects);
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < out.size(); i++) {
                for (int j = i + 1; j < out.size(); j++) {
                    if (out.get(i).intersects(out.get(j))) {
                        Rect u = out.get(i).union(out.get(j));
                        out.remove(j);
                        out.set(i, u);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return out;
    }
}
