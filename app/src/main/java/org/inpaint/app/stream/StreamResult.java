package org.inpaint.app.stream;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * One processed frame of a stream, in order: the input, its holes, the output (the input itself when there was
 * nothing to fill), and timings in milliseconds.
 */
public record StreamResult(String stream, long seq, long timestampMicros, RgbImage input, Mask holes, RgbImage output,
                           String engine, long filledFromMemory, long queuedMillis, long runMillis, long totalMillis) {
}
