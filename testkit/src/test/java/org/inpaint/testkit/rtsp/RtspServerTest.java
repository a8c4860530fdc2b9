package org.inpaint.testkit.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.TestProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RtspServerTest {

    /** The options that make FFmpeg's RTSP start fast here (STACK-NOTES): TCP, small probe, no buffering. */
    static FFmpegFrameGrabber grabber(String url) {
        FFmpegFrameGrabber g = fromStart(url);
        g.setOption("fflags", "nobuffer");
        return g;
    }

    /**
     * The same without {@code fflags=nobuffer}: that flag drops the packets FFmpeg read while probing the stream
     * (here the whole first group of 10 frames, so the first frame decoded is the clip's frame 10). Without it, the
     * first frame is the first one the server sent.
     */
    static FFmpegFrameGrabber fromStart(String url) {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(url);
        g.setOption("rtsp_transport", "tcp");
        g.setOption("timeout", "3000000"); // socket I/O timeout, µs
        g.setOption("probesize", "65536");
        g.setOption("analyzeduration", "500000");
        return g;
    }

    @Test
    @Timeout(90)
    void servesTheSampleClipSurvivesAStopAndServesAgainAfterRestart() throws Exception {
        byte[] plate = bgr(Samples.videoPlate());
        try (RtspServer rtsp = RtspServer.start(Samples.videoClip(), "/cam1")) {
            int port = rtsp.port();
            assertTrue(rtsp.url().matches("rtsp://127\\.0\\.0\\.1:\\d+/cam1"), rtsp.url());
            System.out.printf("RTSP server %s ready in %d ms%n", rtsp, rtsp.startTime().toMillis());

            try (FFmpegFrameGrabber g = grabber(rtsp.url())) {
                long t0 = System.nanoTime();
                g.start();
                long opened = System.nanoTime();
                List<byte[]> frames = new ArrayList<>();
                long firstFrame = 0;
                while (frames.size() < 20) {
                    Frame f = g.grabImage();
                    assertNotNull(f, "stream ended after " + frames.size() + " frames");
                    if (firstFrame == 0) {
                        firstFrame = System.nanoTime();
                    }
                    assertEquals(Samples.VIDEO_WIDTH, f.imageWidth);
                    assertEquals(Samples.VIDEO_HEIGHT, f.imageHeight);
                    assertEquals(3, f.imageChannels);
                    frames.add(pixels(f));
                }
                System.out.printf("grabber start %d ms, first frame %d ms, 20 frames %d ms%n",
                        ms(opened - t0), ms(firstFrame - t0), ms(System.nanoTime() - t0));

                for (int i = 1; i < frames.size(); i++) {
                    double d = meanAbsDiff(frames.get(i - 1), frames.get(i));
                    assertTrue(d > 0.05, "frames " + (i - 1) + " and " + i + " are (nearly) the same: " + d);
                }
                // the street scene itself: close to its clean plate (people and noise apart), far from black
                double toPlate = meanAbsDiff(frames.get(10), plate);
                assertTrue(toPlate < 12, "frame far from the scene's plate: " + toPlate);
                assertTrue(meanAbsDiff(frames.get(10), new byte[plate.length]) > 60, "frame nearly black");

                // The server dies: the open session must end, soon, and a new connection must fail naming the URL.
                rtsp.stop();
                assertFalse(rtsp.isRunning());
                long s0 = System.nanoTime();
                Exception ended = null;
                try {
                    for (int i = 0; i < 1000 && g.grabImage() != null; i++) {
                        // frames already buffered before the kill
                    }
                } catch (FrameGrabber.Exception e) {
                    ended = e;
                }
                long endMs = ms(System.nanoTime() - s0);
                System.out.printf("open session ended %d ms after the server was killed (%s)%n", endMs,
                        ended == null ? "end of stream" : ended.getMessage());
                assertTrue(endMs < 5000, "grabbing from a dead server took " + endMs + " ms to end");
            }
            long c0 = System.nanoTime();
            FrameGrabber.Exception refused = assertThrows(FrameGrabber.Exception.class, () -> {
                try (FFmpegFrameGrabber g = grabber(rtsp.url())) {
                    g.start();
                    g.grabImage();
                }
            });
            long refusedMs = ms(System.nanoTime() - c0);
            System.out.printf("connecting to the stopped server failed in %d ms: %s%n", refusedMs,
                    refused.getMessage());
            assertTrue(refusedMs < 5000, "connection failure took " + refusedMs + " ms");
            assertTrue(refused.getMessage().contains(rtsp.url()), refused.getMessage());

            rtsp.restart();
            assertEquals(port, rtsp.port(), "same port after restart");
            assertTrue(rtsp.isRunning());
            System.out.printf("restarted in %d ms%n", rtsp.startTime().toMillis());
            try (FFmpegFrameGrabber g = grabber(rtsp.url())) {
                g.start();
                byte[] previous = null;
                for (int i = 0; i < 5; i++) {
                    Frame f = g.grabImage();
                    assertNotNull(f);
                    assertEquals(Samples.VIDEO_WIDTH, f.imageWidth);
                    byte[] px = pixels(f);
                    if (previous != null) {
                        assertTrue(meanAbsDiff(previous, px) > 0.05);
                    }
                    previous = px;
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void loopsTheClipByDefaultOrPlaysTheFileAsItIs() throws Exception {
        byte[] fileFirst;
        try (FFmpegFrameGrabber file = new FFmpegFrameGrabber(Samples.videoClip().toFile())) {
            file.start();
            fileFirst = pixels(file.grabImage());
        }
        // Played as the file (filesrc ! qtdemux ! h264parse ! rtph264pay): a new client starts at frame 0.
        try (RtspServer once = RtspServer.builder().serve("/once", Samples.videoClip()).loop(false)
                .recordMount(null).start();
             FFmpegFrameGrabber g = fromStart(once.url())) {
            g.start();
            double d = meanAbsDiff(fileFirst, pixels(g.grabImage()));
            assertTrue(d < 1, "the file-played stream starts with the clip's first frame: " + d);
        }
        // Looped: frames go on past the clip's 150 (real time: ~15 s), and frame 150 is frame 0 again.
        try (RtspServer looped = RtspServer.start(Samples.videoClip(), "/loop");
             FFmpegFrameGrabber g = fromStart(looped.url())) {
            g.start();
            byte[] first = null;
            byte[] last = null;
            for (int i = 0; i < Samples.VIDEO_FRAMES; i++) {
                Frame f = g.grabImage();
                assertNotNull(f, "stream ended after " + i + " frames");
                if (i == 0) {
                    first = pixels(f);
                } else if (i == Samples.VIDEO_FRAMES - 1) {
                    last = pixels(f);
                }
            }
            byte[] again = pixels(g.grabImage());
            assertTrue(meanAbsDiff(first, fileFirst) < 1, "a looped session starts at the clip's first frame");
            assertTrue(meanAbsDiff(again, first) < 1, "frame 150 is frame 0 again: " + meanAbsDiff(again, first));
            assertTrue(meanAbsDiff(again, last) > 0.05, "the loop moved on from the clip's last frame");
        }
    }

    @Test
    @Timeout(60)
    void recordMountWritesAPushedStream() throws Exception {
        try (RtspServer rtsp = RtspServer.builder().recordMount("/push").start();
             FFmpegFrameGrabber source = new FFmpegFrameGrabber(Samples.videoClip().toFile())) {
            source.start();
            FFmpegFrameRecorder out = new FFmpegFrameRecorder(rtsp.recordUrl(), Samples.VIDEO_WIDTH,
                    Samples.VIDEO_HEIGHT, 0);
            out.setFormat("rtsp");
            out.setOption("rtsp_transport", "tcp");
            out.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            out.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            out.setFrameRate(Samples.VIDEO_FPS);
            out.setGopSize(10);
            out.setVideoBitrate(800_000);
            long t0 = System.nanoTime();
            try (out) {
                out.start();
                for (int i = 0; i < 30; i++) {
                    out.record(source.grabImage());
                    Thread.sleep(100); // a camera's pace: the server's jitter buffer releases packets in real time
                }
                out.stop();
            }
            System.out.printf("pushed 30 frames in %d ms%n", ms(System.nanoTime() - t0));

            List<Path> recordings = rtsp.recordings();
            assertEquals(1, recordings.size(), "one RECORD session, one file: " + recordings);
            Path ts = recordings.get(0);
            // the server writes as the stream arrives; give the last packets a moment to reach the file
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int frames = 0;
            while (System.nanoTime() < deadline) {
                frames = countFrames(ts);
                if (frames >= 28) {
                    break;
                }
                Thread.sleep(200);
            }
            System.out.printf("recorded %s: %d bytes, %d frames%n", ts.getFileName(), Files.size(ts), frames);
            assertTrue(frames >= 28, "frames recorded: " + frames + "\n" + rtsp.logTail(20));
        }
    }

    /** Stands in for a test JVM: starts a server, prints its pid, then waits to be killed. */
    public static final class ServerOwner {
        public static void main(String[] args) throws Exception {
            RtspServer rtsp = RtspServer.start(Samples.videoClip(), "/cam1");
            System.out.println("server " + rtsp.process().pid());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    @Timeout(60)
    void serverExitsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), ServerOwner.class.getName())
                .redirectErrorStream(true).start();
        long pid;
        try {
            String line = new BufferedReader(new InputStreamReader(owner.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(line != null && line.startsWith("server "), "owner said: " + line);
            pid = Long.parseLong(line.substring(7).trim());
            assertTrue(TestProcesses.isRunning(pid));
        } finally {
            owner.destroyForcibly(); // SIGKILL: the owner's shutdown hook does not run
        }
        owner.waitFor(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        while (TestProcesses.isRunning(pid)
                && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
            Thread.sleep(50);
        }
        assertFalse(TestProcesses.isRunning(pid),
                "RTSP server " + pid + " outlived the JVM that started it");
        System.out.printf("orphaned RTSP server exited %d ms after its JVM was killed%n",
                ms(System.nanoTime() - t0));
    }

    private static int countFrames(Path file) throws Exception {
        int n = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            for (Frame f = g.grabImage(); f != null; f = g.grabImage()) {
                assertEquals(Samples.VIDEO_WIDTH, f.imageWidth);
                assertEquals(Samples.VIDEO_HEIGHT, f.imageHeight);
                n++;
            }
        }
        return n;
    }

    /** The frame's BGR pixels, copied out (the grabber reuses its buffer), without row padding. */
    static byte[] pixels(Frame f) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        int rowBytes = f.imageWidth * f.imageChannels;
        byte[] out = new byte[rowBytes * f.imageHeight];
        for (int y = 0; y < f.imageHeight; y++) {
            b.position(y * f.imageStride);
            b.get(out, y * rowBytes, rowBytes);
        }
        b.rewind();
        return out;
    }

    static byte[] bgr(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage bgr = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        bgr.getGraphics().drawImage(img, 0, 0, null);
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }

    static double meanAbsDiff(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
