package org.inpaint.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.junit.jupiter.api.Test;

class MaskCodecTest {

    @Test
    void boxesAreClippedToTheImage() {
        Mask m = MaskCodec.fromBoxes(20, 10, List.of("15,5,10,10", "0,0,2,2"), "--box");
        assertEquals(5 * 5 + 4, m.holeCount());
    }

    @Test
    void badBoxNamesTheField() {
        InpaintException e = assertThrows(InpaintException.class, () -> MaskCodec.fromBoxes(20, 10, List.of("1,2,3"), "--box"));
        assertEquals("--box", e.field());
        assertTrue(e.getMessage().contains("x,y,w,h"));
        assertThrows(InpaintException.class, () -> MaskCodec.fromBoxes(20, 10, List.of("1,2,0,5"), "--box"));
    }

    @Test
    void polygonJsonFillsPixelCentresInside() {
        // The square (2,2)-(6,6) covers the centres of pixels 2..5 in both directions: 16 pixels.
        Mask m = MaskCodec.fromJson(10, 10, "{\"polygons\": [[[2,2],[6,2],[6,6],[2,6]]]}", "polygons");
        assertEquals(16, m.holeCount());
        assertTrue(m.isHole(2, 2));
        assertTrue(m.isHole(5, 5));
        assertFalse(m.isHole(6, 6));
    }

    @Test
    void triangleAreaIsAboutHalfItsBox() {
        Mask m = MaskCodec.fromJson(200, 200, "[[[0,0],[200,0],[0,200]]]", "polygons");
        assertEquals(20000, m.holeCount(), 200);
    }

    @Test
    void boxesAndPolygonsCombine() {
        Mask m = MaskCodec.fromJson(10, 10, "{\"polygons\": [[[0,0],[2,0],[2,2],[0,2]]], \"boxes\": [[5,5,2,2]]}", "polygons");
        assertEquals(8, m.holeCount());
    }

    @Test
    void malformedJsonIsNamed() {
        InpaintException e = assertThrows(InpaintException.class, () -> MaskCodec.fromJson(10, 10, "{\"polygons\": [[[1,2]", "polygons"));
        assertEquals("polygons", e.field());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        InpaintException twoPoints = assertThrows(InpaintException.class,
                () -> MaskCodec.fromJson(10, 10, "[[[1,2],[3,4]]]", "polygons"));
        assertTrue(twoPoints.getMessage().contains("at least 3"));
        InpaintException nothing = assertThrows(InpaintException.class, () -> MaskCodec.fromJson(10, 10, "{}", "polygons"));
        assertTrue(nothing.getMessage().contains("no polygons"));
    }
}
