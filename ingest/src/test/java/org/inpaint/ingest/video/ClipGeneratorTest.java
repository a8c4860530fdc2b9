package org.inpaint.ingest.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.ingest.mask.FrameMasks;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated clips must be what they claim: the clip equals its clean truth outside the true masks, not inside. */
class ClipGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void aClipDiffersFromItsTruthOnlyWhereTheMasksSay() throws Exception {
        List<Path> photos = new ArrayList<>();
        for (String name : Samples.photos().subList(0, 4)) {
            Path p = dir.resolve(name);
            Files.write(p, Samples.photo(name));
            photos.add(p);
        }
        for (ClipGenerator.Camera camera : ClipGenerator.Camera.values()) {
            ClipGenerator.Spec spec = ClipGenerator.Spec.of(camera).withSize(192, 128, 24);
            ClipGenerator.Clip clip = ClipGenerator.write(spec, photos, dir.resolve(camera.name()));
            assertTrue(clip.objectRatio() > 0.01, camera + " objects cover " + clip.objectRatio());
            assertEquals(camera == ClipGenerator.Camera.STILL, clip.plate() != null);
            double outside = 0, inside = 0;
            int n = 0;
            try (VideoSamples.Reader frames = VideoSamples.reader(clip.clip().toString(), "clip");
                 VideoSamples.Reader truth = VideoSamples.reader(clip.clean().toString(), "clean");
                 FrameMasks masks = FrameMasks.open(clip.masks(), "masks")) {
                assertEquals(24, masks.count());
                RgbImage f;
                while ((f = frames.next()) != null) {
                    RgbImage t = truth.next();
                    Mask m = masks.maskFor(f);
                    outside += Quality.psnr(f, t, invert(m));
                    inside += m.isEmpty() ? 0 : Quality.psnr(f, t, m);
                    n++;
                }
            }
            assertEquals(24, n);
            System.out.printf("%s: clip vs truth %.1f dB outside the masks, %.1f dB inside%n", camera, outside / n, inside / n);
            // noise of 2 grey levels and H.264 keep the outside near 38-42 dB; the objects are other photos' pixels
            assertTrue(outside / n > 34, camera + " outside " + outside / n);
            assertTrue(inside / n < 22, camera + " inside " + inside / n);
        }
    }

    private static Mask invert(Mask m) {
        byte[] out = new byte[m.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (m.data()[i] == 0 ? 1 : 0);
        }
        return new Mask(m.width(), m.height(), out);
    }
}
