package org.inpaint.inference.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.junit.jupiter.api.Test;

/** Scheduling logic with a gated test engine: each engine call waits for a permit, so the test decides when work happens. */
class PullBatchSchedulerTest {

    /** Records the number of images of each call; blocks on the gate; fails on a red image. */
    static final class GatedEngine implements InpaintEngine {
        final Semaphore gate;
        final List<Integer> calls;

        GatedEngine(Semaphore gate, List<Integer> calls) {
            this.gate = gate;
            this.calls = calls;
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo("gated", EngineKind.NEURAL, "test", 0, 16, 1, "cpu", true, "ready");
        }

        @Override
        public List<RgbImage> inpaint(List<EngineInput> batch) {
            gate.acquireUninterruptibly();
            calls.add(batch.size());
            if ((batch.get(0).image().data()[0] & 0xFF) == 255) {
                throw new IllegalStateException("engine failure on purpose");
            }
            return batch.stream().map(in -> in.image().copy()).toList();
        }
    }

    private final Semaphore gate = new Semaphore(0);
    private int limit = 16;
    private final List<Integer> calls = new CopyOnWriteArrayList<>();

    private BatchScheduler scheduler(int workers, int capacity, int maxBatch, long maxDelayMs) {
        EngineProvider provider = new EngineProvider() {
            @Override
            public String name() {
                return "gated";
            }

            @Override
            public EngineInfo info() {
                return new EngineInfo("gated", EngineKind.NEURAL, "test", 0, limit, 1, "cpu", true, "ready");
            }

            @Override
            public InpaintEngine create() {
                return new GatedEngine(gate, calls);
            }
        };
        // The whole image as one crop, so one job is one engine input.
        return BatchScheduler.create(EngineRegistry.of(List.of(provider)), new RoiPlanner(10, 0, 0.01),
                new SchedulerSettings(workers, capacity, maxBatch, Duration.ofMillis(maxDelayMs)));
    }

    private static FrameJob job(String stream, long seq, int size, BackpressurePolicy policy) {
        RgbImage img = RgbImage.blank(size, size);
        return new FrameJob(stream, seq, img, Mask.ofBoxes(size, size, List.of(new Rect(1, 1, 3, 3))), "gated", policy);
    }

    private static Outcome get(CompletableFuture<Outcome> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFreeWorkerTakesUpToMaxBatchJobsOfOneSize() throws Exception {
        try (BatchScheduler s = scheduler(1, 32, 4, 1_000)) {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                futures.add(s.submit(job("k", i, 16, BackpressurePolicy.SOURCE_PAUSES)));
            }
            gate.release(100);
            for (CompletableFuture<Outcome> f : futures) {
                assertInstanceOf(Outcome.Filled.class, get(f));
            }
            assertEquals(List.of(4, 4, 1), calls, "9 jobs in batches of at most 4; the last waits out maxDelay alone");
            long[] hist = s.stats().get(0).batchSizes();
            assertEquals(2, hist[4]);
            assertEquals(1, hist[1]);
        }
    }

    @Test
    void theEnginesOwnBatchLimitWins() throws Exception {
        limit = 2;
        try (BatchScheduler s = scheduler(1, 32, 8, 1_000)) {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                futures.add(s.submit(job("k", i, 16, BackpressurePolicy.SOURCE_PAUSES)));
            }
            gate.release(100);
            for (CompletableFuture<Outcome> f : futures) {
                get(f);
            }
            assertEquals(List.of(2, 2, 1), calls);
        }
    }

    @Test
    void imagesOfDifferentSizesAreNeverBatchedTogether() throws Exception {
        try (BatchScheduler s = scheduler(1, 32, 8, 300)) {
            List<CompletableFuture<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(s.submit(job("k", i, i % 2 == 0 ? 16 : 24, BackpressurePolicy.SOURCE_PAUSES)));
            }
            gate.release(100);
            for (CompletableFuture<Outcome> f : futures) {
                Outcome.Filled filled = (Outcome.Filled) get(f);
                assertEquals(filled.job().image().width(), filled.image().width());
            }
            assertEquals(List.of(3, 3), calls);
        }
    }

    @Test
    void liveVideoKeepsOnlyTheNewestWaitingFramePerStream() throws Exception {
        try (BatchScheduler s = scheduler(1, 8, 1, 0)) {
            CompletableFuture<Outcome> first = s.submit(job("cam", 1, 16, BackpressurePolicy.LATEST_PER_STREAM));
            waitUntil(() -> s.stats().get(0).queued() == 0);       // the worker holds frame 1 at the gate
            List<CompletableFuture<Outcome>> later = new ArrayList<>();
            for (int seq = 2; seq <= 5; seq++) {
                later.add(s.submit(job("cam", seq, 16, BackpressurePolicy.LATEST_PER_STREAM)));
            }
            CompletableFuture<Outcome> other = s.submit(job("other-cam", 1, 16, BackpressurePolicy.LATEST_PER_STREAM));
            gate.release(100);
            assertInstanceOf(Outcome.Filled.class, get(first));
            for (int i = 0; i < 3; i++) {
                assertInstanceOf(Outcome.Dropped.class, get(later.get(i)), "frame " + (i + 2) + " was superseded");
            }
            assertInstanceOf(Outcome.Filled.class, get(later.get(3)), "the newest frame is filled");
            assertInstanceOf(Outcome.Filled.class, get(other), "other streams keep their frame");
            assertEquals(3, s.stats().get(0).dropped());
        }
    }

    @Test
    void httpJobsAreRefusedWhenTheQueueIsFull() throws Exception {
        try (BatchScheduler s = scheduler(1, 2, 1, 0)) {
            CompletableFuture<Outcome> running = s.submit(job("a", 1, 16, BackpressurePolicy.REJECT_WHEN_FULL));
            waitUntil(() -> s.stats().get(0).queued() == 0);
            s.submit(job("b", 1, 16, BackpressurePolicy.REJECT_WHEN_FULL));
            s.submit(job("c", 1, 16, BackpressurePolicy.REJECT_WHEN_FULL));
            InpaintException e = assertThrows(InpaintException.class, () -> s.submit(job("d", 1, 16, BackpressurePolicy.REJECT_WHEN_FULL)));
            assertEquals(InpaintException.Kind.OVERLOADED, e.kind());
            assertEquals(1, s.stats().get(0).rejected());
            gate.release(100);
            assertInstanceOf(Outcome.Filled.class, get(running));
        }
    }

    @Test
    void pausingSourcesSeeCapacityAndAreToldWhenItReturns() throws Exception {
        try (BatchScheduler s = scheduler(1, 2, 1, 0)) {
            CountDownLatch resumed = new CountDownLatch(1);
            s.onCapacity(resumed::countDown);
            s.submit(job("k", 0, 16, BackpressurePolicy.SOURCE_PAUSES));
            waitUntil(() -> s.stats().get(0).queued() == 0);
            s.submit(job("k", 1, 16, BackpressurePolicy.SOURCE_PAUSES));
            s.submit(job("k", 2, 16, BackpressurePolicy.SOURCE_PAUSES));
            assertFalse(s.hasCapacity("gated"));
            CompletableFuture<Outcome> pastCapacity = s.submit(job("k", 3, 16, BackpressurePolicy.SOURCE_PAUSES));
            gate.release(100);
            assertInstanceOf(Outcome.Filled.class, get(pastCapacity), "a pausing source is never refused");
            assertTrue(resumed.await(10, TimeUnit.SECONDS));
            waitUntil(() -> s.hasCapacity("gated"));
        }
    }

    @Test
    void anEngineFailureFailsItsBatchAndTheWorkerGoesOn() throws Exception {
        try (BatchScheduler s = scheduler(1, 8, 1, 0)) {
            FrameJob poison = job("k", 0, 16, BackpressurePolicy.SOURCE_PAUSES);
            java.util.Arrays.fill(poison.image().data(), (byte) 255);
            CompletableFuture<Outcome> bad = s.submit(poison);
            CompletableFuture<Outcome> good = s.submit(job("k", 1, 16, BackpressurePolicy.SOURCE_PAUSES));
            gate.release(100);
            Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, get(bad));
            assertTrue(failed.error().getMessage().contains("on purpose"));
            assertInstanceOf(Outcome.Filled.class, get(good));
        }
    }

    @Test
    void shutdownFinishesQueuedJobs() throws Exception {
        BatchScheduler s = scheduler(2, 16, 2, 0);
        List<CompletableFuture<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(s.submit(job("k" + i, i, 16, BackpressurePolicy.SOURCE_PAUSES)));
        }
        gate.release(100);
        s.shutdown(Duration.ofSeconds(10));
        for (CompletableFuture<Outcome> f : futures) {
            assertInstanceOf(Outcome.Filled.class, f.getNow(null));
        }
        assertThrows(InpaintException.class, () -> s.submit(job("late", 0, 16, BackpressurePolicy.SOURCE_PAUSES)));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(2);
        }
    }
}
