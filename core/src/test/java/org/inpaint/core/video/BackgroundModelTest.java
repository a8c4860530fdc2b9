package org.inpaint.core.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class BackgroundModelTest {

    private static RgbImage scene(int offset) {
        RgbImage img = RgbImage.blank(40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                for (int c = 0; c < 3; c++) {
                    img.set(x, y, c, 40 + (x * 3 + y * 2 + c * 11 + offset) % 160);
                }
            }
        }
        return img;
    }

    private static RgbImage withBox(RgbImage img, Rect box, int value) {
        RgbImage out = img.copy();
        for (int y = box.y(); y < box.y() + box.height(); y++) {
            for (int x = box.x(); x < box.x() + box.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(x, y, c, value);
                }
            }
        }
        return out;
    }

    @Test
    void primingFindsTheSceneUnderAnObjectThatCoversAPixelInHalfTheFrames() {
        RgbImage scene = scene(0);
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // the black box sits on (10..19, 10..19) in 5 of 10 frames; a plain median would land between the two
            frames.add(i % 2 == 0 ? withBox(scene, new Rect(10, 10, 10, 10), 0) : scene);
        }
        frames.add(scene);
        BackgroundModel model = new BackgroundModel();
        model.prime(frames);
        RgbImage background = model.view(scene, null).background();
        assertEquals(scene, background);
        assertTrue(model.fillable(scene, Mask.ofBoxes(40, 30, List.of(new Rect(15, 15, 1, 1))), 0).isHole(15, 15));
    }

    @Test
    void aPixelInsideEveryFramesHoleStaysUnknown() {
        RgbImage scene = scene(0);
        Mask hole = Mask.ofBoxes(40, 30, List.of(new Rect(0, 0, 4, 4)));
        BackgroundModel model = new BackgroundModel();
        model.prime(List.of(scene, scene, scene), List.of(hole, hole, hole));
        Mask asked = Mask.ofBoxes(40, 30, List.of(new Rect(0, 0, 6, 1)));
        assertFalse(model.fillable(scene, asked, Long.MAX_VALUE).isHole(0, 0));
        assertTrue(model.fillable(scene, asked, Long.MAX_VALUE).isHole(5, 0));
    }

    @Test
    void theExposureOfAFlickeringFrameIsFittedAndTheBackgroundRenderedInIt() {
        RgbImage scene = scene(0);
        BackgroundModel model = new BackgroundModel();
        model.prime(List.of(scene));
        RgbImage darker = RgbImage.blank(40, 30);
        for (int i = 0; i < scene.data().length; i++) {
            darker.data()[i] = (byte) Math.round((scene.data()[i] & 0xFF) * 0.8 + 5);
        }
        // an object the exposure fit must not be bent by
        RgbImage seen = withBox(darker, new Rect(0, 0, 8, 8), 255);
        SceneBackground.View view = model.view(seen, null);
        for (int c = 0; c < 3; c++) {
            assertEquals(0.8, view.exposure().gain()[c], 0.01);
            assertEquals(5, view.exposure().offset()[c], 1.0);
        }
        int worst = 0;
        for (int i = 0; i < darker.data().length; i++) {
            worst = Math.max(worst, Math.abs((darker.data()[i] & 0xFF) - (view.background().data()[i] & 0xFF)));
        }
        assertTrue(worst <= 1, "rendered background within 1 grey level of the darker scene, worst " + worst);
    }

    @Test
    void learningMovesByAtMostTheStepAFrameAndNeverInsideHolesUntilAbsorbed() {
        RgbImage scene = scene(0);
        BackgroundModel model = new BackgroundModel(new BackgroundModel.Settings(24, 1f, 2f, 3, 0));
        model.prime(List.of(scene));
        Rect box = new Rect(20, 10, 5, 5);
        RgbImage changed = withBox(withBox(scene, box, 250), new Rect(0, 0, 2, 2), 250);
        Mask hole = Mask.ofBoxes(40, 30, List.of(box));
        model.observe(changed, hole);
        int before = scene.get(0, 0, 0);
        RgbImage b = model.view(scene, null).background();
        // a pixel outside the holes moved by the 2-level step; one inside did not move
        assertEquals(before + 2, b.get(0, 0, 0), 1);
        assertEquals(scene.get(22, 12, 0), b.get(22, 12, 0), 1);
        for (int i = 0; i < 3; i++) {
            model.observe(changed, hole);
        }
        RgbImage later = model.view(scene, null).background();
        assertTrue(later.get(22, 12, 0) > scene.get(22, 12, 0) + 1, "held longer than 3 frames, the hole is absorbed");
    }
}
