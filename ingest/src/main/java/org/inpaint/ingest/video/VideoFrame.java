package org.inpaint.ingest.video;

import org.inpaint.core.image.RgbImage;

/** One decoded frame: its position in the stream, presentation time and pixels (owned by the receiver). */
public record VideoFrame(long seq, long timestampMicros, RgbImage image) {
}
