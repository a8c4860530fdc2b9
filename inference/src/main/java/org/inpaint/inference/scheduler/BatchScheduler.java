package org.inpaint.inference.scheduler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.scheduler.impl.PullBatchScheduler;

/**
 * Routes frame jobs to generator workers. One bounded queue per engine; a free worker pulls up to maxBatch jobs of
 * one image size, waiting at most maxDelay for more (pull-based: batches form when a worker is free, never on a
 * timer), and fills them in one {@link org.inpaint.core.Inpainter#inpaintAll} call. Back-pressure follows each
 * job's {@link BackpressurePolicy}.
 */
public interface BatchScheduler extends AutoCloseable {

    static BatchScheduler create(EngineRegistry registry, RoiPlanner planner, SchedulerSettings settings) {
        return new PullBatchScheduler(registry, planner, settings);
    }

    /**
     * Queues a job. Unknown or unready engines and bad masks fail here; REJECT_WHEN_FULL jobs fail with OVERLOADED
     * when the queue is full. The future always completes, with Filled, Dropped or Failed.
     */
    CompletableFuture<Outcome> submit(FrameJob job);

    /** Whether the engine's queue has room (sources that pause, such as Kafka, ask this). */
    boolean hasCapacity(String engine);

    /** Called (on a worker thread) whenever an engine's queue drops below capacity; sources resume on it. */
    void onCapacity(Runnable listener);

    List<SchedulerStats> stats();

    /** Stops taking jobs, lets queued ones finish (up to the timeout), then releases the engines. */
    void shutdown(java.time.Duration timeout);

    @Override
    default void close() {
        shutdown(java.time.Duration.ofSeconds(30));
    }
}
