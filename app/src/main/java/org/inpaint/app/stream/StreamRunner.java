package org.inpaint.app.stream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;
import org.inpaint.core.video.BackgroundModel;
import org.inpaint.core.video.SceneBackground;
import org.inpaint.inference.temporal.BackgroundMemory;
import org.inpaint.ingest.mask.MaskProvider;
import org.inpaint.ingest.video.VideoFrame;
import org.inpaint.ingest.video.VideoSamples;
import org.inpaint.ingest.video.VideoSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one video stream: source thread → mask provider → background memory → scheduler → in-order sinks. Live
 * streams submit with LATEST_PER_STREAM (a slow engine drops frames, never queues them); offline ones block the
 * source thread until the engine's queue has room, so every frame is processed.
 */
public final class StreamRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRunner.class);

    private final StreamSpec spec;
    private final BatchScheduler scheduler;
    private final MaskProvider masks;
    private volatile BackgroundMemory memory;
    private final List<FrameSink> sinks = new CopyOnWriteArrayList<>();
    private final Sequencer sequencer;
    private final ReentrantLock capacityLock = new ReentrantLock();
    private final Condition capacity = capacityLock.newCondition();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final FrameRate outputRate = new FrameRate(java.time.Duration.ofSeconds(3));
    private volatile String engine;
    private volatile VideoSource source;
    private volatile MaskProvider maskOverride;
    private volatile boolean sourceDone;
    private volatile String lastFailure;

    public StreamRunner(StreamSpec spec, BatchScheduler scheduler, MaskProvider masks, List<FrameSink> sinks) {
        this.spec = spec;
        this.scheduler = scheduler;
        this.masks = masks;
        this.engine = spec.engine();
        this.memory = memoryFor(masks);
        this.sinks.addAll(sinks);
        this.sequencer = new Sequencer(0, this::deliver);
        scheduler.onCapacity(() -> {
            capacityLock.lock();
            try {
                capacity.signalAll();
            } finally {
                capacityLock.unlock();
            }
        });
    }

    public StreamSpec spec() {
        return spec;
    }

    /**
     * The background memory the stream fills from: it shares the masks' background model when they have one (motion
     * masks, which then also need it taught when temporal fill is off); otherwise a model of its own that learns
     * only what the holes never covered and never absorbs a hole (a fixed region stays removed).
     */
    private BackgroundMemory memoryFor(MaskProvider provider) {
        java.util.Optional<SceneBackground> shared = provider.background();
        if (shared.isEmpty() && !spec.temporalFill()) {
            return null;
        }
        SceneBackground model = shared.orElseGet(() -> new BackgroundModel(BackgroundModel.Settings.defaults().neverAbsorbing()));
        return new BackgroundMemory(model, spec.memoryMaxAge(), 3, spec.temporalFill(), provider.keepsOtherObjects());
    }

    /**
     * Starts the background of a file's motion masks from the median of frames sampled across the file, so holes
     * are right from the first frame (a live stream learns it from its first frames instead).
     */
    private void primeFromFile(MaskProvider provider) {
        if (spec.source().isNetwork()) {
            return;
        }
        provider.background().filter(m -> !m.isPrimed()).ifPresent(model -> {
            VideoSamples.Sample samples = VideoSamples.spread(spec.source(), PRIME_SAMPLES, PRIME_SPAN_FRAMES);
            if (!samples.frames().isEmpty()) {
                provider.prime(samples.frames(), samples.indices());
                LOG.info("stream {}: background primed from {} frames of {}", spec.id(), samples.frames().size(), spec.source().uri());
            }
        });
    }

    private static final int PRIME_SAMPLES = 48;
    private static final int PRIME_SPAN_FRAMES = 3000;

    public StreamRunner start() {
        primeFromFile(masks);
        source = VideoSource.start(spec.source(), spec.id(), new VideoSource.Listener() {
            @Override
            public void onFrame(VideoFrame frame) {
                process(frame);
            }

            @Override
            public void onStateChange(VideoSource.State state, String detail) {
                LOG.info("stream {}: {} ({})", spec.id(), state, detail);
                if (state == VideoSource.State.ENDED || state == VideoSource.State.FAILED) {
                    finishWhenDrained();
                }
            }
        });
        return this;
    }

    /** The frame rate the source declares, read by opening it once (0 when unknown, e.g. a dead URL). */
    public double probeFrameRate() {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(spec.source().uri())) {
            if (spec.source().isNetwork()) {
                return 0;
            }
            g.start();
            return g.getFrameRate();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Replaces how holes are found, from the next frame on (for PUT /v1/streams/{id}/mask). */
    public void replaceMasks(MaskProvider next) {
        this.memory = memoryFor(next);
        this.maskOverride = next;
    }

    /** The engine that fills this stream's holes from the next frame on. */
    public String engine() {
        return engine;
    }

    /** Switches the engine from the next frame on; frames already queued finish on the previous one. */
    public void switchEngine(String next) {
        this.engine = next;
    }

    public void addSink(FrameSink sink) {
        sinks.add(sink);
    }

    public void removeSink(FrameSink sink) {
        sinks.remove(sink);
    }

    private void process(VideoFrame frame) {
        long start = System.nanoTime();
        String frameEngine = engine;
        framesIn.incrementAndGet();
        RgbImage image = frame.image();
        Mask holes;
        try {
            holes = (maskOverride != null ? maskOverride : masks).maskFor(image);
        } catch (RuntimeException e) {
            LOG.warn("stream {} frame {}: no mask: {}", spec.id(), frame.seq(), e.getMessage());
            lastFailure = "frame " + frame.seq() + ": " + e.getMessage();
            failed.incrementAndGet();
            sequencer.skip(frame.seq());
            return;
        }
        long fromMemory = 0;
        Mask remaining = holes;
        BackgroundMemory frameMemory = memory;
        BackgroundMemory.Result recalled = null;
        if (frameMemory != null) {
            try {
                recalled = frameMemory.apply(image, holes);
            } catch (RuntimeException e) {
                LOG.warn("stream {} frame {}: background memory: {}", spec.id(), frame.seq(), e.getMessage());
                failed.incrementAndGet();
                sequencer.skip(frame.seq());
                return;
            }
            image = recalled.image();
            remaining = recalled.remaining();
            fromMemory = recalled.filledFromMemory();
        }
        if (remaining.isEmpty()) {
            sequencer.complete(new StreamResult(spec.id(), frame.seq(), frame.timestampMicros(), frame.image(), holes, image,
                    null, fromMemory, 0, 0, (System.nanoTime() - start) / 1_000_000));
            return;
        }
        if (!spec.live()) {
            awaitCapacity(frameEngine);
        }
        RgbImage input = frame.image();
        long memoryFilled = fromMemory;
        Mask frameHoles = holes;
        FrameJob job = new FrameJob(spec.id(), frame.seq(), image, remaining, frameEngine,
                spec.live() ? BackpressurePolicy.LATEST_PER_STREAM : BackpressurePolicy.SOURCE_PAUSES);
        inFlight.incrementAndGet();
        CompletableFuture<Outcome> f;
        try {
            f = scheduler.submit(job);
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            LOG.warn("stream {} frame {} not queued: {}", spec.id(), frame.seq(), e.getMessage());
            failed.incrementAndGet();
            sequencer.skip(frame.seq());
            return;
        }
        BackgroundMemory.Result toCarry = recalled;
        f.whenComplete((outcome, error) -> {
            try {
                if (outcome instanceof Outcome.Filled filled) {
                    if (toCarry != null) {
                        frameMemory.remember(toCarry, filled.image());
                    }
                    sequencer.complete(new StreamResult(spec.id(), frame.seq(), frame.timestampMicros(), input, frameHoles,
                            filled.image(), frameEngine, memoryFilled, filled.queuedMillis(), filled.runMillis(),
                            (System.nanoTime() - start) / 1_000_000));
                } else {
                    if (outcome instanceof Outcome.Dropped) {
                        dropped.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        String why = String.valueOf(outcome == null ? error : ((Outcome.Failed) outcome).error().getMessage());
                        lastFailure = "frame " + frame.seq() + ": " + why;
                        LOG.warn("stream {} frame {} failed: {}", spec.id(), frame.seq(), why);
                    }
                    sequencer.skip(frame.seq());
                }
            } finally {
                inFlight.decrementAndGet();
                finishIfEnded();
            }
        });
    }

    private void awaitCapacity(String frameEngine) {
        capacityLock.lock();
        try {
            while (!scheduler.hasCapacity(frameEngine)) {
                capacity.await(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            capacityLock.unlock();
        }
    }

    private void deliver(StreamResult r) {
        framesOut.incrementAndGet();
        outputRate.tick();
        for (FrameSink sink : sinks) {
            try {
                sink.accept(r);
            } catch (RuntimeException e) {
                LOG.warn("stream {}: sink {} failed on frame {}: {}", spec.id(), sink.getClass().getSimpleName(), r.seq(), e.toString());
            }
        }
    }

    private void finishWhenDrained() {
        sourceDone = true;
        finishIfEnded();
    }

    private void finishIfEnded() {
        if (sourceDone && inFlight.get() == 0 && !ended.isDone()) {
            ended.complete(null);
        }
    }

    /** The last frame that could not be processed and why, or null. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Completes when a file source has ended and every frame has gone through the sinks. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    public StreamStats stats() {
        VideoSource s = source;
        return new StreamStats(spec.id(), s == null ? "STARTING" : s.state().name(), s == null ? null : s.lastError(),
                framesIn.get(), framesOut.get(), dropped.get(), failed.get(), s == null ? 0 : s.reconnects(),
                outputRate.perSecond());
    }

    /** Stops the source, waits for frames in flight (up to the timeout), then closes the sinks. */
    public void stop(Duration timeout) {
        VideoSource s = source;
        if (s != null) {
            s.close();
        }
        sourceDone = true;
        finishIfEnded();
        try {
            ended.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("stream {}: {} frames still in flight at shutdown", spec.id(), inFlight.get());
        }
        sinks.forEach(FrameSink::close);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    /** Counters of a stream; {@code fps} is the output rate over the last few seconds. */
    public record StreamStats(String id, String state, String lastError, long framesIn, long framesOut, long dropped,
                              long failed, long reconnects, double fps) {
    }
}
