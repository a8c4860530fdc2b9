package org.inpaint.inference.scheduler;

import org.inpaint.core.image.RgbImage;

/** How a job ended. */
public sealed interface Outcome {

    FrameJob job();

    /** Filled; times in milliseconds. */
    record Filled(FrameJob job, RgbImage image, long queuedMillis, long runMillis, int batchSize) implements Outcome {
    }

    /** Replaced by a newer frame of the same stream before a worker took it. */
    record Dropped(FrameJob job, String reason) implements Outcome {
    }

    /** The engine failed on it. */
    record Failed(FrameJob job, Throwable error) implements Outcome {
    }
}
