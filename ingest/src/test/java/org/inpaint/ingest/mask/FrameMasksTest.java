package org.inpaint.ingest.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameMasksTest {

    @TempDir
    Path dir;

    private void writeMask(String name, int w, int h, Rect box) throws Exception {
        Mask m = Mask.ofBoxes(w, h, List.of(box));
        Files.write(dir.resolve(name), ImageCodec.withDefaults().encodeGray(w, h, m.toGray(), ImageFormat.PNG));
    }

    @Test
    void masksAreTakenInNaturalNameOrder() throws Exception {
        writeMask("f10.png", 20, 10, new Rect(10, 0, 1, 1));
        writeMask("f2.png", 20, 10, new Rect(2, 0, 1, 1));
        writeMask("f1.png", 20, 10, new Rect(1, 0, 1, 1));
        Files.writeString(dir.resolve("notes.txt"), "not a mask");
        try (FrameMasks masks = FrameMasks.open(dir, "masks")) {
            assertEquals(3, masks.count());
            RgbImage frame = RgbImage.blank(20, 10);
            assertTrue(masks.maskFor(frame).isHole(1, 0));
            assertTrue(masks.maskFor(frame).isHole(2, 0));
            assertTrue(masks.maskFor(frame).isHole(10, 0));
            InpaintException e = assertThrows(InpaintException.class, () -> masks.maskFor(frame));
            assertEquals("masks", e.field());
            assertTrue(e.getMessage().contains("no mask for frame 3"), e.getMessage());
        }
    }

    @Test
    void aMaskOfAnotherSizeNamesItsFrame() throws Exception {
        writeMask("000.png", 20, 10, new Rect(0, 0, 1, 1));
        writeMask("001.png", 16, 10, new Rect(0, 0, 1, 1));
        try (FrameMasks masks = FrameMasks.open(dir, "masks")) {
            masks.maskFor(RgbImage.blank(20, 10));
            InpaintException e = assertThrows(InpaintException.class, () -> masks.maskFor(RgbImage.blank(20, 10)));
            assertTrue(e.getMessage().contains("frame 1") && e.getMessage().contains("16x10"), e.getMessage());
        }
    }

    @Test
    void anEmptyOrMissingSourceIsABadInput() {
        assertThrows(InpaintException.class, () -> FrameMasks.open(dir, "masks"));
        InpaintException e = assertThrows(InpaintException.class, () -> FrameMasks.open(dir.resolve("nope"), "masks"));
        assertEquals("masks", e.field());
    }

    @Test
    void naturalOrderComparesDigitRunsAsNumbers() {
        assertTrue(FrameMasks.naturalOrder("frame2.png", "frame10.png") < 0);
        assertTrue(FrameMasks.naturalOrder("a10b3", "a10b20") < 0);
        assertTrue(FrameMasks.naturalOrder("b1", "a2") > 0);
    }
}
