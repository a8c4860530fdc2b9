package org.inpaint.core.segment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.junit.jupiter.api.Test;

/** When a first cut is redone with a wider sure-object core: it meets some sides of a close box but not all. */
class SegmenterSidesTest {

    private static final Rect BOX = new Rect(10, 10, 100, 100);

    private static Mask object(Rect r) {
        return Mask.ofBoxes(200, 200, List.of(r));
    }

    @Test
    void anObjectMeetingEverySideOfItsBoxIsKept() {
        assertFalse(Segmenter.missesASide(object(new Rect(14, 13, 92, 94)), BOX));
    }

    @Test
    void anObjectStoppingShortOfOneOrTwoSidesOfAnOtherwiseCloseBoxIsRedone() {
        assertTrue(Segmenter.missesASide(object(new Rect(14, 40, 92, 67)), BOX), "short of the top");
        assertTrue(Segmenter.missesASide(object(new Rect(40, 40, 66, 67)), BOX), "short of the top and the left");
    }

    @Test
    void aLooseBoxThatTheObjectMeetsOnOneSideAtMostIsKept() {
        assertFalse(Segmenter.missesASide(object(new Rect(40, 40, 30, 30)), BOX), "meets no side");
        assertFalse(Segmenter.missesASide(object(new Rect(12, 40, 30, 30)), BOX), "meets only the left");
        assertFalse(Segmenter.missesASide(Mask.empty(200, 200), BOX), "nothing found");
    }
}
