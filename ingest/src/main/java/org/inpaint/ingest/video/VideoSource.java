package org.inpaint.ingest.video;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.inpaint.core.image.RgbImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a video file or network stream on its own thread and hands each frame to a consumer. Network sources
 * reconnect with exponential back-off for as long as the source runs; files end (or loop). The consumer gets a
 * copy of the pixels: the grabber's own buffer is reused from frame to frame.
 */
public final class VideoSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);

    /** Where a source is in its life. */
    public enum State { STARTING, RUNNING, RECONNECTING, ENDED, FAILED, STOPPED }

    /** What the source reports besides frames. */
    public interface Listener {
        void onFrame(VideoFrame frame);

        default void onStateChange(State state, String detail) {
        }
    }

    private final VideoSourceSpec spec;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean stopping;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile double frameRate;

    private VideoSource(VideoSourceSpec spec, Listener listener, String name) {
        this.spec = spec;
        this.thread = new Thread(() -> run(listener), "video-source-" + name);
        this.thread.setDaemon(true);
    }

    static {
        FFmpegLogCallback.setLevel(avutil.AV_LOG_ERROR);
    }

    /** Starts reading at once on a thread of its own. */
    public static VideoSource start(VideoSourceSpec spec, String name, Listener listener) {
        VideoSource s = new VideoSource(spec, listener, name);
        s.thread.start();
        return s;
    }

    public State state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public long framesRead() {
        return frames.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    /** Frames per second the container or stream declares (0 until known). */
    public double frameRate() {
        return frameRate;
    }

    /** Waits until a file source ends or the source is stopped. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void setState(State s, String detail, Listener listener) {
        state = s;
        listener.onStateChange(s, detail);
    }

    private void run(Listener listener) {
        Duration backoff = spec.initialBackoff();
        long seq = 0;
        try {
            while (!stopping) {
                try (FFmpegFrameGrabber grabber = open()) {
                    frameRate = grabber.getFrameRate();
                    setState(State.RUNNING, spec.uri(), listener);
                    backoff = spec.initialBackoff();
                    long started = System.nanoTime();
                    long firstPts = -1;
                    Frame f;
                    while (!stopping && (f = grabber.grabImage()) != null) {
                        RgbImage image = copy(f);
                        long pts = grabber.getTimestamp();
                        if (firstPts < 0) {
                            firstPts = pts;
                        }
                        if (spec.realtime() && !spec.isNetwork()) {
                            long due = started + (pts - firstPts) * 1000;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            }
                        }
                        frames.incrementAndGet();
                        listener.onFrame(new VideoFrame(seq++, pts, image));
                    }
                    if (stopping) {
                        break;
                    }
                    if (!spec.isNetwork()) {
                        if (spec.loop()) {
                            continue;
                        }
                        setState(State.ENDED, "end of " + spec.uri() + " after " + frames.get() + " frames", listener);
                        return;
                    }
                    lastError = "stream " + spec.uri() + " ended";
                } catch (org.bytedeco.javacv.FrameGrabber.Exception | RuntimeException e) {
                    lastError = "cannot read video '" + spec.uri() + "': " + e.getMessage();
                    if (!spec.isNetwork()) {
                        setState(State.FAILED, lastError, listener);
                        LOG.warn(lastError);
                        return;
                    }
                }
                if (stopping) {
                    break;
                }
                // State first: a reader that sees the count go up also sees RECONNECTING, never the STARTING before it.
                setState(State.RECONNECTING, lastError + "; retrying in " + backoff.toMillis() + " ms", listener);
                reconnects.incrementAndGet();
                LOG.info("{}; retrying in {} ms", lastError, backoff.toMillis());
                TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(spec.maxBackoff()) > 0 ? spec.maxBackoff() : backoff.multipliedBy(2);
            }
            setState(State.STOPPED, "stopped", listener);
        } catch (InterruptedException e) {
            setState(State.STOPPED, "stopped", listener);
        } finally {
            finished.countDown();
        }
    }

    static final String NETWORK_PROTOCOLS = "rtsp,rtsps,rtmp,rtmps,http,https,tcp,udp,tls,rtp,srtp,crypto,httpproxy";

    private FFmpegFrameGrabber open() throws org.bytedeco.javacv.FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec.uri());
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        // what FFmpeg may open on the source's behalf: a playlist or an RTSP description must not lead a network
        // source to local files, nor a local file to the network or to concat:/subfile: tricks
        g.setOption("protocol_whitelist", spec.isNetwork() ? NETWORK_PROTOCOLS : "file");
        if (spec.isNetwork()) {
            String micros = Long.toString(spec.timeout().toNanos() / 1000);
            if (spec.uri().toLowerCase(Locale.ROOT).startsWith("rtsp://")) {
                g.setOption("rtsp_transport", "tcp");
            }
            g.setOption("timeout", micros);
            g.setOption("rw_timeout", micros);
            g.setOption("probesize", "65536");
            g.setOption("analyzeduration", "500000");
            g.setOption("fflags", "nobuffer");
        }
        try {
            g.start();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception | RuntimeException e) {
            try {
                g.close();
            } catch (org.bytedeco.javacv.FrameGrabber.Exception ignored) {
                // the open failure is the error worth reporting
            }
            throw e;
        }
        return g;
    }

    /** Copies an RGB24 frame (with its row stride) into a new image. */
    static RgbImage copy(Frame f) {
        java.nio.ByteBuffer buf = (java.nio.ByteBuffer) f.image[0];
        int w = f.imageWidth, h = f.imageHeight, stride = f.imageStride;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(out, y * w * 3, w * 3);
        }
        buf.position(0);
        return new RgbImage(w, h, out);
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            finished.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (state != State.ENDED && state != State.FAILED) {
            state = State.STOPPED;
        }
    }
}
