package org.inpaint.inference.scheduler;

/** What a source wants done when its engine's queue is full. */
public enum BackpressurePolicy {
    /**
     * Live video: a stream has at most one frame waiting; a newer frame replaces it and the older one completes as
     * {@link Outcome.Dropped}. A fast camera never grows the queue.
     */
    LATEST_PER_STREAM,
    /** HTTP: refuse at once with OVERLOADED (503 + Retry-After) when the queue is full. */
    REJECT_WHEN_FULL,
    /**
     * Kafka and offline files: always accepted. The source stops fetching when {@link BatchScheduler#hasCapacity} says
     * no, so the queue stays within the capacity plus one poll (or one frame).
     */
    SOURCE_PAUSES
}
