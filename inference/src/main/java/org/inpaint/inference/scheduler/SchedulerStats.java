package org.inpaint.inference.scheduler;

/**
 * Counters of one engine's lane since start.
 *
 * @param batchSizes  batchSizes[k] = number of batches of k jobs (index 0 unused)
 * @param busyNanos   time workers spent running batches (for utilisation)
 */
public record SchedulerStats(String engine, int queued, long submitted, long completed, long dropped, long rejected,
                             long failed, long[] batchSizes, long busyNanos, int workers) {
}
