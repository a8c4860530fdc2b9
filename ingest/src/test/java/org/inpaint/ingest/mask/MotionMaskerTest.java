package org.inpaint.ingest.mask;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.ingest.video.VideoFrame;
import org.inpaint.ingest.video.VideoSource;
import org.inpaint.ingest.video.VideoSourceSpec;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

/**
 * Motion masks on the real street clip, scored against "truth" holes from the clean background plate
 * (|frame - plate| above 40 on any channel, grown by 2 px): the masker must cover most of what differs from the
 * plate (the pedestrians) while leaving most of the frame known.
 */
class MotionMaskerTest {

    @Test
    void movingPeopleAreMaskedAndTheStaticSceneIsNot() throws Exception {
        List<VideoFrame> frames = new CopyOnWriteArrayList<>();
        VideoSource source = VideoSource.start(VideoSourceSpec.file(Samples.videoClip().toString()), "clip", frames::add);
        assertTrue(source.awaitEnd(Duration.ofSeconds(60)));
        RgbImage plate = ImageCodec.withDefaults().decode(Samples.videoPlate(), "plate").image();
        double recallSum = 0, coverSum = 0;
        int scored = 0;
        try (MotionMasker masker = new MotionMasker(MotionMasker.Settings.defaults())) {
            for (VideoFrame f : frames) {
                Mask m = masker.maskFor(f.image());
                if (f.seq() < 40) {
                    continue;
                }
                Mask truth = differs(f.image(), plate).dilate(2);
                if (truth.holeCount() < 200) {
                    continue;
                }
                long hit = 0;
                for (int i = 0; i < truth.data().length; i++) {
                    hit += truth.data()[i] & m.data()[i];
                }
                recallSum += hit / (double) truth.holeCount();
                coverSum += m.holeRatio();
                scored++;
            }
        }

        double recall = recallSum / scored;
        double cover = coverSum / scored;
        System.out.printf("motion masks over %d frames: recall of plate differences %.2f, mean hole ratio %.3f%n", scored, recall, cover);
        assertTrue(scored > 50);
        // Measured with the defaults: recall 0.61 at a 6 % hole ratio. The plate differences also hold what does not
        // move (the fluttering tape, people standing still long enough to join the background, light drift), so
        // recall cannot reach 1; varThreshold 16 gave 0.54, 8 gave 0.62 at 6.6 %.
        assertTrue(recall > 0.55, "recall " + recall);
        assertTrue(cover < 0.15, "hole ratio " + cover);
    }

    static Mask differs(RgbImage a, RgbImage b) {
        byte[] out = new byte[a.width() * a.height()];
        for (int i = 0; i < out.length; i++) {
            int d = 0;
            for (int c = 0; c < 3; c++) {
                d = Math.max(d, Math.abs((a.data()[3 * i + c] & 0xFF) - (b.data()[3 * i + c] & 0xFF)));
            }
            out[i] = (byte) (d > 40 ? 1 : 0);
        }
        return new Mask(a.width(), a.height(), out);
    }
}
