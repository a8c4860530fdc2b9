package org.inpaint.inference.scheduler;

import java.time.Duration;

/**
 * @param workersPerEngine generator workers per engine, each with its own engine instance
 * @param queueCapacity    jobs waiting per engine before back-pressure applies
 * @param maxBatch         most jobs a worker takes at once (all of one image size)
 * @param maxDelay         how long a worker holding fewer than maxBatch jobs waits for more, from the first job's arrival
 */
public record SchedulerSettings(int workersPerEngine, int queueCapacity, int maxBatch, Duration maxDelay) {

    public SchedulerSettings {
        if (workersPerEngine < 1 || queueCapacity < 1 || maxBatch < 1 || maxDelay.isNegative()) {
            throw new IllegalArgumentException("bad scheduler settings");
        }
    }
}
