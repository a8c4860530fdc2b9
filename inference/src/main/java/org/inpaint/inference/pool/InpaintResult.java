package org.inpaint.inference.pool;

import org.inpaint.core.image.RgbImage;

/** A filled image with the engine that filled it and where the time went. */
public record InpaintResult(RgbImage image, String engine, long queuedMillis, long runMillis) {
}
