package org.inpaint.inference.pool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.inpaint.core.InpaintException;
import org.inpaint.core.Inpainter;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;

/**
 * A fixed set of worker threads that run engines off the caller's thread, behind a bounded queue. Each worker
 * owns its own engine instances (engines are single-threaded). When the queue is full a submission fails at once
 * with {@link InpaintException.Kind#OVERLOADED}, so callers can shed load instead of piling it up.
 */
public final class WorkerPool implements AutoCloseable {

    private final EngineRegistry registry;
    private final RoiPlanner planner;
    private final ThreadPoolExecutor executor;
    private final ThreadLocal<Map<String, Inpainter>> inpainters = ThreadLocal.withInitial(HashMap::new);
    private final List<Inpainter> created = new CopyOnWriteArrayList<>();
    private final int capacity;

    public WorkerPool(EngineRegistry registry, RoiPlanner planner, int workers, int queueCapacity) {
        if (workers < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("workers and queueCapacity must be positive");
        }
        this.registry = registry;
        this.planner = planner;
        this.capacity = queueCapacity;
        AtomicInteger ids = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "inpaint-worker-" + ids.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    public EngineRegistry registry() {
        return registry;
    }

    /** Jobs waiting for a worker. */
    public int queued() {
        return executor.getQueue().size();
    }

    public int capacity() {
        return capacity;
    }

    /** Jobs being run right now. */
    public int active() {
        return executor.getActiveCount();
    }

    /**
     * Queues one image. Unknown or unready engines and bad masks fail here, before queueing; a full queue fails
     * with OVERLOADED.
     */
    public CompletableFuture<InpaintResult> submit(String engine, RgbImage image, Mask mask) {
        registry.requireReady(engine);
        Inpainter.validate(image, mask);
        long queuedAt = System.nanoTime();
        CompletableFuture<InpaintResult> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                long start = System.nanoTime();
                try {
                    RgbImage out = inpainter(engine).inpaint(image, mask);
                    long end = System.nanoTime();
                    result.complete(new InpaintResult(out, engine, (start - queuedAt) / 1_000_000, (end - start) / 1_000_000));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new InpaintException(InpaintException.Kind.OVERLOADED, null,
                    "all " + executor.getMaximumPoolSize() + " workers are busy and " + capacity
                            + " jobs are waiting; try again shortly");
        }
        return result;
    }

    private Inpainter inpainter(String engine) {
        return inpainters.get().computeIfAbsent(engine, name -> {
            Inpainter i = new Inpainter(registry.create(name), planner);
            created.add(i);
            return i;
        });
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        created.forEach(Inpainter::close);
    }
}
