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

    /** A still scene: a smooth texture of 96×64. */
    private static RgbImage scene() {
        RgbImage img = RgbImage.blank(96, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                img.set(x, y, 0, 90 + (int) (30 * Math.sin(x / 5.0) * Math.cos(y / 7.0)));
                img.set(x, y, 1, 110 + (int) (25 * Math.cos(x / 9.0 + y / 6.0)));
                img.set(x, y, 2, 100 + (int) (20 * Math.sin((x + y) / 8.0)));
            }
        }
        return img;
    }

    /** Paints a 20×24 striped object (far from the scene's colours) with its corner at (x, y). */
    private static void paintOther(RgbImage img, int x0, int y0) {
        for (int y = y0; y < y0 + 24; y++) {
            for (int x = x0; x < x0 + 20; x++) {
                boolean stripe = ((x - x0) + (y - y0)) / 3 % 2 == 0;
                img.set(x, y, 0, stripe ? 250 : 200);
                img.set(x, y, 1, stripe ? 20 : 60);
                img.set(x, y, 2, stripe ? 200 + (y - y0) * 2 : 10);
            }
        }
    }

    /**
     * A selected object (a black bar, the hole) moves left in front of another object moving right: where the bar
     * covers the other object, the truth is the other object, which the background never held. Carried along its
     * motion from the frames where it showed, it comes back into the hole; without carrying, the hole shows the
     * background. Pixels outside the hole are never touched.
     */
    @Test
    void anotherObjectPassingBehindTheSelectedOneIsCarriedThroughTheHole() {
        RgbImage scene = scene();
        double[] error = new double[2];
        for (int carry = 0; carry < 2; carry++) {
            BackgroundModel model = new BackgroundModel(BackgroundModel.Settings.defaults().neverAbsorbing());
            model.prime(List.of(scene, scene, scene));
            BackgroundMemory memory = new BackgroundMemory(model, 100, 0, true, carry == 1);
            long sum = 0, count = 0;
            for (int t = 0; t < 16; t++) {
                RgbImage truth = scene.copy();
                paintOther(truth, 8 + 2 * t, 20);
                Rect bar = new Rect(60 - 2 * t, 12, 10, 40);
                RgbImage frame = withBlackBox(truth, bar);
                Mask holes = Mask.ofBoxes(96, 64, List.of(bar));
                BackgroundMemory.Result r = memory.apply(frame, holes);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 96; x++) {
                        for (int c = 0; c < 3; c++) {
                            if (holes.isHole(x, y)) {
                                sum += Math.abs(r.image().get(x, y, c) - truth.get(x, y, c));
                                count++;
                            } else {
                                assertEquals(frame.get(x, y, c), r.image().get(x, y, c), "known pixel (" + x + "," + y + ")");
                            }
                        }
                    }
                }
            }
            error[carry] = (double) sum / count;
        }
        // measured: 19.2 grey levels per hole pixel and channel from the background alone, 4.9 with carrying
        assertTrue(error[1] < error[0] / 3, "carried " + error[1] + " against background only " + error[0]);
    }
}
