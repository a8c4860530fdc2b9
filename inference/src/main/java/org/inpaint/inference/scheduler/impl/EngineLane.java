package org.inpaint.inference.scheduler.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;

/** The bounded queue of one engine, and the batch-taking rule its workers follow. */
final class EngineLane {

    /** A job waiting, with its future and arrival time. */
    record Waiting(FrameJob job, CompletableFuture<Outcome> result, long arrivedNanos) {
    }

    private final String engine;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private boolean closed;

    long submitted;
    long dropped;
    long rejected;

    EngineLane(String engine, int capacity) {
        this.engine = engine;
        this.capacity = capacity;
    }

    CompletableFuture<Outcome> offer(FrameJob job) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        Waiting replaced = null;
        lock.lock();
        try {
            if (closed) {
                throw new InpaintException(InpaintException.Kind.OVERLOADED, null, "the scheduler is shutting down");
            }
            if (job.policy() == BackpressurePolicy.LATEST_PER_STREAM) {
                for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
                    Waiting w = it.next();
                    if (w.job().stream().equals(job.stream())) {
                        it.remove();
                        replaced = w;
                        dropped++;
                        break;
                    }
                }
            }
            // A pausing source (Kafka) is never refused: it stops fetching once the lane is full, so what it adds past
            // the capacity is bounded by one poll, and refusing would send good messages to the dead-letter topic.
            if (job.policy() != BackpressurePolicy.SOURCE_PAUSES && queue.size() >= capacity) {
                if (job.policy() == BackpressurePolicy.LATEST_PER_STREAM) {
                    // Full with other streams' frames: the oldest frame anywhere makes room.
                    Waiting oldest = queue.pollFirst();
                    dropped++;
                    oldest.result().complete(new Outcome.Dropped(oldest.job(), "queue full; newer frames kept"));
                } else {
                    rejected++;
                    throw new InpaintException(InpaintException.Kind.OVERLOADED, null, "engine '" + engine + "' has "
                            + queue.size() + " jobs waiting (capacity " + capacity + "); try again shortly");
                }
            }
            queue.addLast(new Waiting(job, result, System.nanoTime()));
            submitted++;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        if (replaced != null) {
            replaced.result().complete(new Outcome.Dropped(replaced.job(), "replaced by a newer frame of the stream"));
        }
        return result;
    }

    /**
     * Blocks for the first job, then gathers jobs of the same image size until {@code maxBatch} or until
     * {@code maxDelayNanos} after the first job arrived. Returns an empty list once closed and drained.
     */
    List<Waiting> takeBatch(int maxBatch, long maxDelayNanos) throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                if (closed) {
                    return List.of();
                }
                notEmpty.await();
            }
            List<Waiting> batch = new ArrayList<>(maxBatch);
            Waiting first = queue.pollFirst();
            batch.add(first);
            long deadline = first.arrivedNanos() + maxDelayNanos;
            while (batch.size() < maxBatch) {
                Waiting next = takeSameSize(first);
                if (next != null) {
                    batch.add(next);
                    continue;
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0 || closed) {
                    break;
                }
                notEmpty.awaitNanos(wait);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private Waiting takeSameSize(Waiting first) {
        for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.job().image().width() == first.job().image().width()
                    && w.job().image().height() == first.job().image().height()) {
                it.remove();
                return w;
            }
        }
        return null;
    }

    int size() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    boolean hasCapacity() {
        return size() < capacity;
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Completes everything still waiting as dropped (after a shutdown timeout). */
    void dropRemaining(String reason) {
        List<Waiting> left;
        lock.lock();
        try {
            left = new ArrayList<>(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(w -> w.result().complete(new Outcome.Dropped(w.job(), reason)));
    }

    boolean awaitEmpty(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (size() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
