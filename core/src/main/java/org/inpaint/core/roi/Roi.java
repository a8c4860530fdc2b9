package org.inpaint.core.roi;

import org.inpaint.core.image.Rect;

/**
 * One region an engine fills: a crop of the image around one or more hole components, and the size the crop
 * is scaled to before the engine sees it.
 */
public record Roi(Rect crop, int workWidth, int workHeight) {

    public boolean scaled() {
        return workWidth != crop.width() || workHeight != crop.height();
    }

    /** work size / crop size (at most 1: crops are only ever scaled down). */
    public double scale() {
        return workWidth / (double) crop.width();
    }
}
