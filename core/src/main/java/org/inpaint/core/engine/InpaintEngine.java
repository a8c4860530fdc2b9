package org.inpaint.core.engine;

import java.util.List;
import org.inpaint.core.image.RgbImage;

/**
 * The one SPI every engine implements, classical or neural.
 *
 * <p>A call takes a batch of (image, mask) and returns the filled images in the same order and at the same
 * sizes. Engines may change pixels outside the holes (networks do); callers that need known pixels kept
 * exact go through {@link org.inpaint.core.Inpainter}, which composites. An engine instance may be called from
 * one thread at a time unless its info says otherwise; the scheduler gives each worker its own instance.
 */
public interface InpaintEngine extends AutoCloseable {

    EngineInfo info();

    List<RgbImage> inpaint(List<EngineInput> batch);

    /** Releases native resources (models, predictors). */
    @Override
    default void close() {
    }
}
