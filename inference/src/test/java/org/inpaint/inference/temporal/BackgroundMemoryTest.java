package org.inpaint.inference.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.video.BackgroundModel;
import org.junit.jupiter.api.Test;

class BackgroundMemoryTest {

    private static RgbImage gradient(int offset) {
        RgbImage img = RgbImage.blank(40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                for (int c = 0; c < 3; c++) {
                    img.set(x, y, c, 30 + (x * 5 + y * 3 + c * 7 + offset) % 190);
                }
            }
        }
        return img;
    }

    private static RgbImage withBlackBox(RgbImage img, Rect box) {
        RgbImage out = img.copy();
        for (int y = box.y(); y < box.y() + box.height(); y++) {
            for (int x = box.x(); x < box.x() + box.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(x, y, c, 0);
                }
            }
        }
        return out;
    }

    @Test
    void holesOverSeenBackgroundAreFilledFromItAndNeverSeenOnesAreLeftForAnEngine() {
        RgbImage background = gradient(0);
        Mask corner = Mask.ofBoxes(40, 30, List.of(new Rect(0, 0, 5, 5)));
        BackgroundModel model = new BackgroundModel(BackgroundModel.Settings.defaults().neverAbsorbing());
        model.prime(List.of(background, background, background), List.of(corner, corner, corner));
        BackgroundMemory memory = new BackgroundMemory(model, 100, 0, true);
        Rect object = new Rect(10, 10, 10, 10);
        Mask holes = Mask.ofBoxes(40, 30, List.of(object, new Rect(0, 0, 3, 3)));
        BackgroundMemory.Result r = memory.apply(withBlackBox(background, object), holes);
        assertEquals(100, r.filledFromMemory());
        assertEquals(9, r.remaining().holeCount());
        assertTrue(r.remaining().isHole(1, 1));
        for (int y = 10; y < 20; y++) {
            for (int x = 10; x < 20; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(background.get(x, y, c), r.image().get(x, y, c), 1, "(" + x + "," + y + ")");
                }
            }
        }
        for (int x = 25; x < 40; x++) {
            assertEquals(background.get(x, 25, 0), r.image().get(x, 25, 0), "known pixels kept exactly");
        }
    }

    @Test
    void whatAnEngineFilledIsCarriedToTheNextFramesInsteadOfRefilled() {
        RgbImage background = gradient(0);
        Mask logo = Mask.ofBoxes(40, 30, List.of(new Rect(4, 4, 6, 6)));
        BackgroundModel model = new BackgroundModel(BackgroundModel.Settings.defaults().neverAbsorbing());
        model.prime(List.of(background), List.of(logo));
        BackgroundMemory memory = new BackgroundMemory(model, 50, 0, true);
        BackgroundMemory.Result first = memory.apply(background, logo);
        assertEquals(36, first.remaining().holeCount(), "never seen: the engine's");
        RgbImage engineOutput = first.image().copy();
        for (int y = 4; y < 10; y++) {
            for (int x = 4; x < 10; x++) {
                engineOutput.set(x, y, 0, 77);
            }
        }
        memory.remember(first, engineOutput);
        BackgroundMemory.Result second = memory.apply(background, logo);
        assertTrue(second.remaining().isEmpty(), "carried");
        assertEquals(77, second.image().get(6, 6, 0), 1);
        for (int i = 0; i < 50; i++) {
            memory.apply(background, logo);
        }
        assertEquals(36, memory.apply(background, logo).remaining().holeCount(), "a carried fill older than maxAge is redone");
    }

    @Test
    void withFillOffTheModelStillLearnsButNothingIsFilled() {
        RgbImage background = gradient(0);
        BackgroundModel model = new BackgroundModel();
        model.prime(List.of(background));
        BackgroundMemory memory = new BackgroundMemory(model, 100, 0, false);
        Mask hole = Mask.ofBoxes(40, 30, List.of(new Rect(10, 10, 4, 4)));
        RgbImage frame = withBlackBox(background, new Rect(10, 10, 4, 4));
        BackgroundMemory.Result r = memory.apply(frame, hole);
        assertEquals(0, r.filledFromMemory());
        assertEquals(frame, r.image());
        assertEquals(1, model.observed());
    }
}
