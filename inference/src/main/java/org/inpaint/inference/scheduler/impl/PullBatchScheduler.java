package org.inpaint.inference.scheduler.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.inpaint.core.Inpainter;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;
import org.inpaint.inference.scheduler.SchedulerSettings;
import org.inpaint.inference.scheduler.SchedulerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BatchScheduler} with one lane and a set of worker threads per engine, started on first use. */
public final class PullBatchScheduler implements BatchScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(PullBatchScheduler.class);

    private final EngineRegistry registry;
    private final RoiPlanner planner;
    private final SchedulerSettings settings;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final List<Runnable> capacityListeners = new CopyOnWriteArrayList<>();
    private volatile boolean shuttingDown;

    /** A lane with its workers and counters. */
    private final class Lane {
        final EngineLane queue;
        final List<Thread> workers = new ArrayList<>();
        final AtomicLongArray batchSizes = new AtomicLongArray(settings.maxBatch() + 1);
        final int maxBatch;
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong busyNanos = new AtomicLong();

        Lane(String engine) {
            queue = new EngineLane(engine, settings.queueCapacity());
            // The engine knows how many images per call pay off (measured: DeepFill 1, the U-Nets 4-8).
            maxBatch = Math.max(1, Math.min(settings.maxBatch(), registry.provider(engine).info().maxBatch()));
            for (int i = 0; i < settings.workersPerEngine(); i++) {
                Thread t = new Thread(() -> work(engine, this), "generator-" + engine + "-" + i);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
        }
    }

    public PullBatchScheduler(EngineRegistry registry, RoiPlanner planner, SchedulerSettings settings) {
        this.registry = registry;
        this.planner = planner;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<Outcome> submit(FrameJob job) {
        if (shuttingDown) {
            throw new org.inpaint.core.InpaintException(org.inpaint.core.InpaintException.Kind.OVERLOADED, null,
                    "the scheduler is shutting down");
        }
        registry.requireReady(job.engine());
        Inpainter.validate(job.image(), job.mask());
        return lane(job.engine()).queue.offer(job);
    }

    private Lane lane(String engine) {
        return lanes.computeIfAbsent(engine, Lane::new);
    }

    @Override
    public boolean hasCapacity(String engine) {
        Lane lane = lanes.get(engine);
        return lane == null || lane.queue.hasCapacity();
    }

    @Override
    public void onCapacity(Runnable listener) {
        capacityListeners.add(listener);
    }

    private void work(String engine, Lane lane) {
        try (Inpainter inpainter = new Inpainter(registry.create(engine), planner)) {
            while (true) {
                List<EngineLane.Waiting> batch = lane.queue.takeBatch(lane.maxBatch, settings.maxDelay().toNanos());
                if (batch.isEmpty()) {
                    return;
                }
                if (lane.queue.hasCapacity()) {
                    capacityListeners.forEach(Runnable::run);
                }
                run(inpainter, lane, batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("generator worker for {} stopped", engine, e);
        }
    }

    private void run(Inpainter inpainter, Lane lane, List<EngineLane.Waiting> batch) {
        long start = System.nanoTime();
        List<EngineInput> inputs = batch.stream().map(w -> new EngineInput(w.job().image(), w.job().mask())).toList();
        List<RgbImage> outputs;
        try {
            outputs = inpainter.inpaintAll(inputs);
        } catch (RuntimeException e) {
            lane.failed.addAndGet(batch.size());
            batch.forEach(w -> w.result().complete(new Outcome.Failed(w.job(), e)));
            return;
        }
        long end = System.nanoTime();
        lane.busyNanos.addAndGet(end - start);
        lane.batchSizes.incrementAndGet(batch.size());
        lane.completed.addAndGet(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            EngineLane.Waiting w = batch.get(i);
            w.result().complete(new Outcome.Filled(w.job(), outputs.get(i), (start - w.arrivedNanos()) / 1_000_000,
                    (end - start) / 1_000_000, batch.size()));
        }
    }

    @Override
    public List<SchedulerStats> stats() {
        List<SchedulerStats> out = new ArrayList<>();
        lanes.forEach((engine, lane) -> {
            long[] sizes = new long[lane.batchSizes.length()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = lane.batchSizes.get(i);
            }
            out.add(new SchedulerStats(engine, lane.queue.size(), lane.queue.submitted, lane.completed.get(),
                    lane.queue.dropped, lane.queue.rejected, lane.failed.get(), sizes, lane.busyNanos.get(), lane.workers.size()));
        });
        return out;
    }

    @Override
    public void shutdown(Duration timeout) {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : lanes.values()) {
            try {
                if (!lane.queue.awaitEmpty(Math.max(0, deadline - System.nanoTime()))) {
                    lane.queue.dropRemaining("scheduler shut down before a worker took it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lane.queue.close();
        }
        for (Lane lane : lanes.values()) {
            for (Thread t : lane.workers) {
                try {
                    t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
