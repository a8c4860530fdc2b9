package org.inpaint.inference.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class BackgroundMemoryTest {

    private static RgbImage gradient(int offset) {
        RgbImage img = RgbImage.blank(40, 30);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                for (int c = 0; c < 3; c++) {
                    img.set(x, y, c, (x * 5 + y * 3 + c * 7 + offset) % 256);
                }
            }
        }
        return img;
    }

    @Test
    void holesSeenBeforeAreFilledExactlyFromMemoryAndNeverSeenOnesRemain() {
        BackgroundMemory memory = new BackgroundMemory(100, 0);
        RgbImage background = gradient(0);
        memory.apply(background, Mask.ofBoxes(40, 30, List.of(new Rect(0, 0, 5, 5))));
        // Next frame: an "object" (black) covers (10..19, 10..19); the mask says so. Pixels (0..4, 0..4) were never seen.
        RgbImage frame = background.copy();
        for (int y = 10; y < 20; y++) {
            for (int x = 10; x < 20; x++) {
                for (int c = 0; c < 3; c++) {
                    frame.set(x, y, c, 0);
                }
            }
        }
        Mask holes = Mask.ofBoxes(40, 30, List.of(new Rect(10, 10, 10, 10), new Rect(0, 0, 3, 3)));
        BackgroundMemory.Result r = memory.apply(frame, holes);
        assertEquals(100, r.filledFromMemory());
        assertEquals(9, r.remaining().holeCount());
        for (int y = 10; y < 20; y++) {
            for (int x = 10; x < 20; x++) {
                assertEquals(background.get(x, y, 1), r.image().get(x, y, 1));
            }
        }
        assertTrue(r.remaining().isHole(1, 1));
    }

    @Test
    void staleMemoryIsNotUsed() {
        BackgroundMemory memory = new BackgroundMemory(2, 0);
        Mask hole = Mask.ofBoxes(40, 30, List.of(new Rect(10, 10, 5, 5)));
        memory.apply(gradient(0), Mask.empty(40, 30).union(Mask.ofBoxes(40, 30, List.of(new Rect(0, 0, 1, 1)))));
        memory.apply(gradient(0), hole);
        memory.apply(gradient(0), hole);
        BackgroundMemory.Result r = memory.apply(gradient(0), hole);
        assertEquals(25, r.remaining().holeCount(), "last seen 3 frames ago, older than maxAge 2");
    }

    @Test
    void onlyStillPixelsAwayFromHolesAreLearnt() {
        BackgroundMemory memory = new BackgroundMemory(100, 0, 3, 5, 2);
        Mask hole = Mask.ofBoxes(40, 30, List.of(new Rect(20, 10, 4, 4)));
        RgbImage still = gradient(0);
        for (int i = 0; i < 5; i++) {
            RgbImage frame = still.copy();
            frame.set(5, 5, 0, (i * 97) % 256);   // a flickering pixel
            memory.apply(frame, hole);
        }
        // Now ask for pixels of every kind: still and far (10,20), flickering (5,5), next to the old hole (19,12).
        Mask probe = Mask.ofBoxes(40, 30, List.of(new Rect(10, 20, 1, 1), new Rect(5, 5, 1, 1), new Rect(19, 12, 1, 1)));
        BackgroundMemory.Result r = memory.apply(still, probe);
        assertEquals(1, r.filledFromMemory(), "only the still pixel far from holes was learnt");
        assertTrue(r.remaining().isHole(5, 5));
        assertTrue(r.remaining().isHole(19, 12));
    }
}
