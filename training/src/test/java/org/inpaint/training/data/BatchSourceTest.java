package org.inpaint.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.inpaint.training.masks.RectangleMasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSourceTest {

    static PhotoCache photos;

    @BeforeAll
    static void load(@TempDir Path dir) {
        Samples.copyPhotosTo(dir);
        ImageDataset d = ImageDataset.scan(dir);
        photos = PhotoCache.load(d, d.files().subList(0, 5), 64, 1.5);
    }

    @Test
    void photosAreScaledSoTheShorterSideFitsTheCropRange() {
        for (int i = 0; i < photos.size(); i++) {
            RgbImage p = photos.photo(i);
            int shortSide = Math.min(p.width(), p.height());
            assertTrue(shortSide >= 64 && shortSide <= 96, photos.name(i) + " " + p);
        }
    }

    @Test
    void aBatchIsAFunctionOfSeedAndIndexOnly() {
        BatchSource a = new BatchSource(photos, RectangleMasks.contextualAttention(), 64, 3, 1.5, 11);
        BatchSource b = new BatchSource(photos, RectangleMasks.contextualAttention(), 64, 3, 1.5, 11);
        a.batch(40); // visiting other batches first changes nothing
        Batch x = a.batch(7);
        Batch y = b.batch(7);
        assertEquals(x.images(), y.images());
        assertEquals(x.masks(), y.masks());
        assertEquals(x.sources(), y.sources());
        assertNotEquals(x.images(), a.batch(8).images());
        assertNotEquals(x.images(), new BatchSource(photos, RectangleMasks.contextualAttention(), 64, 3, 1.5, 12).batch(7).images());
        for (int i = 0; i < 3; i++) {
            assertEquals(64, x.images().get(i).width());
            Mask m = x.masks().get(i);
            assertTrue(m.holeCount() > 0 && m.holeRatio() <= 0.26, "a rectangle of at most half the side: " + m.holeRatio());
        }
    }

    @Test
    void everyEpochVisitsEachPhotoOnce() {
        BatchSource s = new BatchSource(photos, RectangleMasks.contextualAttention(), 64, 5, 1.5, 3);
        for (int epoch = 0; epoch < 3; epoch++) {
            Map<String, Integer> seen = new HashMap<>();
            for (String name : s.batch(epoch).sources()) {
                seen.merge(name, 1, Integer::sum);
            }
            assertEquals(5, seen.size(), "epoch " + epoch + ": " + seen);
        }
        assertNotEquals(s.batch(0).sources(), s.batch(1).sources(), "a fresh order each epoch");
    }

    @Test
    void mirroringFlipsRows() {
        RgbImage img = new RgbImage(3, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals(new RgbImage(3, 1, new byte[] {7, 8, 9, 4, 5, 6, 1, 2, 3}), BatchSource.mirror(img));
    }
}
