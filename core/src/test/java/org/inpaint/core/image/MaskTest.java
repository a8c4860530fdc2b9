package org.inpaint.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskTest {

    @Test
    void boxesReachingPastTwoToTheThirtyFirstAreClippedNotWrapped() {
        Mask m = Mask.ofBoxes(32, 16, List.of(new Rect(2_147_483_000, 3, 2_000, 5), new Rect(30, 14, Integer.MAX_VALUE, Integer.MAX_VALUE)));
        assertEquals(4L, m.holeCount(), "only the second box's 2x2 corner lies in the image");
        assertEquals(Integer.MAX_VALUE, new Rect(2_147_483_000, 0, 2_000, 1).right());
    }

    @Test
    void dilationGrowsASquareByTheRadiusOnEachSide() {
        Mask m = Mask.ofBoxes(20, 20, List.of(new Rect(8, 8, 2, 2)));
        Mask d = m.dilate(3);
        assertEquals(8 * 8, d.holeCount());
        assertEquals(new Rect(5, 5, 8, 8), d.holeBounds());
    }

    @Test
    void componentsAreEightConnected() {
        Mask m = Mask.empty(10, 10);
        m.set(1, 1, true);
        m.set(2, 2, true);
        m.set(7, 7, true);
        List<Rect> c = m.componentBounds();
        assertEquals(2, c.size());
        assertTrue(c.contains(new Rect(1, 1, 2, 2)));
        assertTrue(c.contains(new Rect(7, 7, 1, 1)));
    }

    @Test
    void emptyAndFull() {
        Mask m = Mask.empty(3, 2);
        assertTrue(m.isEmpty());
        assertFalse(m.isFull());
        Mask f = Mask.ofBoxes(3, 2, List.of(new Rect(0, 0, 3, 2)));
        assertTrue(f.isFull());
        assertEquals(1.0, f.holeRatio());
    }

    @Test
    void constructorRejectsValuesOtherThanZeroAndOne() {
        assertThrows(IllegalArgumentException.class, () -> new Mask(2, 1, new byte[] {0, (byte) 255}));
    }

    @Test
    void rectParseRejectsNonsense() {
        assertEquals(new Rect(1, 2, 3, 4), Rect.parse(" 1, 2,3 ,4"));
        assertThrows(IllegalArgumentException.class, () -> Rect.parse("1,2,3"));
        assertThrows(IllegalArgumentException.class, () -> Rect.parse("a,b,c,d"));
    }
}
