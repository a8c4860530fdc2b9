package org.inpaint.ingest.mask;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** Decides the holes of each frame of a stream. An empty mask means "nothing to remove in this frame". */
public interface MaskProvider extends AutoCloseable {

    Mask maskFor(RgbImage frame);

    /** Releases native state (background models); nothing by default. */
    @Override
    default void close() {
    }
}
