package org.inpaint.ingest.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

class VideoSourceTest {

    @Test
    void aFileIsReadToTheEndFrameByFrame() throws Exception {
        List<VideoFrame> frames = new CopyOnWriteArrayList<>();
        List<VideoSource.State> states = new CopyOnWriteArrayList<>();
        VideoSource source = VideoSource.start(VideoSourceSpec.file(Samples.videoClip().toString()), "clip",
                new VideoSource.Listener() {
                    @Override
                    public void onFrame(VideoFrame frame) {
                        frames.add(frame);
                    }

                    @Override
                    public void onStateChange(VideoSource.State state, String detail) {
                        states.add(state);
                    }
                });
        assertTrue(source.awaitEnd(Duration.ofSeconds(60)));
        assertEquals(VideoSource.State.ENDED, source.state());
        assertEquals(List.of(VideoSource.State.RUNNING, VideoSource.State.ENDED), states);
        assertEquals(Samples.VIDEO_FRAMES, frames.size());
        assertEquals(Samples.VIDEO_WIDTH, frames.get(0).image().width());
        assertEquals(Samples.VIDEO_HEIGHT, frames.get(0).image().height());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i, frames.get(i).seq());
        }
        assertTrue(frames.get(40).timestampMicros() > frames.get(0).timestampMicros());
        assertFalse(Arrays.equals(frames.get(0).image().data(), frames.get(30).image().data()), "people move");
        assertEquals(10.0, source.frameRate(), 0.01);
    }

    @Test
    void aMissingFileFailsWithItsName() throws Exception {
        VideoSource source = VideoSource.start(VideoSourceSpec.file("/no/such/clip.mp4"), "missing", f -> { });
        assertTrue(source.awaitEnd(Duration.ofSeconds(10)));
        assertEquals(VideoSource.State.FAILED, source.state());
        assertTrue(source.lastError().contains("/no/such/clip.mp4"), source.lastError());
    }

    @Test
    void aDeadRtspUrlIsRetriedWithBackoffUntilStopped() throws Exception {
        List<String> details = new ArrayList<>();
        VideoSourceSpec spec = new VideoSourceSpec("rtsp://127.0.0.1:9/nothing", false, true, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofSeconds(1));
        VideoSource source = VideoSource.start(spec, "dead", new VideoSource.Listener() {
            @Override
            public void onFrame(VideoFrame frame) {
            }

            @Override
            public synchronized void onStateChange(VideoSource.State state, String detail) {
                details.add(state + " " + detail);
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (source.reconnects() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(source.reconnects() >= 3, "retried: " + details);
        assertEquals(VideoSource.State.RECONNECTING, source.state());
        assertTrue(source.lastError().contains("rtsp://127.0.0.1:9/nothing"), source.lastError());
        source.close();
        assertEquals(VideoSource.State.STOPPED, source.state());
    }
}
