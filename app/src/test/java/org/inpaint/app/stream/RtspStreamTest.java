package org.inpaint.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.inpaint.app.sinks.VideoFileSink;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerSettings;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.ingest.video.VideoFrame;
import org.inpaint.ingest.video.VideoSource;
import org.inpaint.ingest.video.VideoSourceSpec;
import org.inpaint.testkit.Samples;
import org.inpaint.testkit.rtsp.RtspServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream from a real RTSP server (GStreamer on loopback) serving the street clip: frames are read, filled,
 * written to an mp4 and pushed back over RTSP; the server is killed and restarted and the source reconnects.
 */
class RtspStreamTest {

    @Test
    void rtspFramesAreProcessedRecordedPushedAndTheSourceReconnects(@TempDir Path dir) throws Exception {
        try (RtspServer server = RtspServer.start(Samples.videoClip(), "/cam");
             BatchScheduler scheduler = BatchScheduler.create(EngineRegistry.load(), RoiPlanner.withDefaults(),
                     new SchedulerSettings(1, 8, 2, Duration.ofMillis(10)))) {
            Path mp4 = dir.resolve("out.mp4");
            List<StreamResult> results = new CopyOnWriteArrayList<>();
            FrameSink collect = new FrameSink() {
                @Override
                public void accept(StreamResult r) {
                    results.add(r);
                }

                @Override
                public void close() {
                }
            };
            VideoSourceSpec spec = VideoSourceSpec.live(server.url()); // the service's own back-off

            StreamRunner runner = new StreamRunner(new StreamSpec("cam", spec, "telea", true, false, 100), scheduler,
                    Masks.boxes(List.of("100,100,60,60"), "box"),
                    List.of(collect, new VideoFileSink(mp4.toString(), () -> 10), new VideoFileSink(server.recordUrl(), () -> 10)));
            runner.start();
            await(() -> results.size() >= 20, "20 frames through the pipeline");
            assertEquals(Samples.VIDEO_WIDTH, results.get(0).output().width());
            assertTrue(results.stream().allMatch(r -> r.engine() != null), "every frame went through the engine");

            server.stop();
            await(() -> runner.stats().reconnects() >= 1, "the source noticed the server was gone");
            long before = results.size();
            server.restart();
            long restarted = System.nanoTime();
            await(() -> results.size() > before, "frames flow again after the restart");
            double seconds = (System.nanoTime() - restarted) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "RTSP server restart: frames again after %.2f s%n", seconds);
            assertTrue(seconds <= 5, "frames flow again within 5 s of the restart, took " + seconds + " s");
            await(() -> results.size() >= before + 10, "frames keep flowing after the restart");
            assertEquals("RUNNING", runner.stats().state());
            runner.stop(Duration.ofSeconds(10));

            List<VideoFrame> written = new CopyOnWriteArrayList<>();
            VideoSource reread = VideoSource.start(VideoSourceSpec.file(mp4.toString()), "reread", written::add);
            assertTrue(reread.awaitEnd(Duration.ofSeconds(30)));
            assertTrue(written.size() >= 30, "the mp4 holds the processed frames: " + written.size());
            await(() -> !server.recordings().isEmpty() && size(server.recordings().get(0)) > 10_000, "the RTSP push was recorded");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(50);
        }
    }
}
