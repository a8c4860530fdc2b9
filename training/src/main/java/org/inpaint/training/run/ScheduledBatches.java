package org.inpaint.training.run;

import java.util.function.IntFunction;
import org.inpaint.training.data.BatchSource;

/**
 * The run's batches under its size schedule (progressive resizing, {@link TrainingConfig#sizeAt}): one batch source
 * per crop side, made when the schedule first needs it and closed, with its prefetch thread, when the schedule
 * moves past it or the run ends. Batch k is still a function of k, so a run resumed on either side of the switch
 * sees the batches it would have seen.
 */
final class ScheduledBatches implements AutoCloseable {

    private final TrainingConfig config;
    private final IntFunction<BatchSource> sourceForSize;
    private BatchSource current;
    private int currentSize;

    /** @param sourceForSize a new batch source for crops of the given side */
    ScheduledBatches(TrainingConfig config, IntFunction<BatchSource> sourceForSize) {
        this.config = config;
        this.sourceForSize = sourceForSize;
    }

    /** The source of step {@code step}'s batch (0-based). */
    BatchSource at(long step) {
        int size = config.sizeAt(step);
        if (current == null || size != currentSize) {
            close();
            current = sourceForSize.apply(size);
            currentSize = size;
        }
        return current;
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
