package org.inpaint.inference.scheduler;

import java.util.Objects;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * One image to fill: which stream it belongs to and its position in it, the pixels and holes, the engine, and how
 * the source wants back-pressure handled.
 */
public record FrameJob(String stream, long seq, RgbImage image, Mask mask, String engine, BackpressurePolicy policy) {

    public FrameJob {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(policy, "policy");
    }
}
