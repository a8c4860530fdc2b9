package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaint.core.InpaintException;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class FramingTest {

    /** Every pixel different: (x, y, channel) → a byte. */
    private static Evaluation.Sample gradient(int w, int h) {
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * w + x) * 3 + c] = (byte) (x * 7 + y * 13 + c * 50);
                }
            }
        }
        return new Evaluation.Sample("g.png", new RgbImage(w, h, rgb));
    }

    @Test
    void aCentreCropAtTheImagesOwnResolutionKeepsItsPixelsExactly() {
        Evaluation.Sample photo = gradient(300, 200);
        RgbImage crop = new Framing(0, 0, 128).apply(photo).truth();
        assertEquals(128, crop.width());
        assertEquals(128, crop.height());
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(photo.truth().get(86 + x, 36 + y, c), crop.get(x, y, c), "pixel " + x + "," + y);
                }
            }
        }
        RgbImage narrow = new Framing(0, 0, 256).apply(photo).truth();
        assertEquals(256, narrow.width(), "a side shorter than the crop is kept whole");
        assertEquals(200, narrow.height());
    }

    @Test
    void theShorterSideIsScaledUpOrDownBeforeTheCrop() {
        RgbImage down = new Framing(0, 100, 100).apply(gradient(300, 200)).truth();
        assertEquals(100, down.width());
        assertEquals(100, down.height());
        RgbImage up = new Framing(0, 256, 0).apply(gradient(90, 60)).truth();
        assertEquals(384, up.width());
        assertEquals(256, up.height());
        RgbImage limited = Framing.longerSideAtMost(150).apply(gradient(300, 200)).truth();
        assertEquals(150, limited.width());
        assertEquals(100, limited.height());
        Evaluation.Sample small = gradient(90, 60);
        assertSame(small, Framing.longerSideAtMost(150).apply(small), "a longer-side limit never scales up");
    }

    @Test
    void badSettingsNameTheirOption() {
        InpaintException both = assertThrows(InpaintException.class, () -> new Framing(256, 256, 0));
        assertTrue(both.getMessage().contains("--max-side"), both.getMessage());
        assertEquals("--short-side", both.field());
        assertEquals("--crop", assertThrows(InpaintException.class, () -> new Framing(0, 0, -1)).field());
        assertEquals("whole images, the longer side at most 256 px", Framing.longerSideAtMost(256).describe());
        assertEquals("256 px centre crops, at their own resolution", new Framing(0, 0, 256).describe());
    }
}
