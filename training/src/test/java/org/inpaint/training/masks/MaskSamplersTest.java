package org.inpaint.training.masks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.junit.jupiter.api.Test;

class MaskSamplersTest {

    @Test
    void freeFormMasksLandInTheirBinForEverySeedAndShape() {
        for (HoleRatioBin bin : HoleRatioBin.PAPER_BINS) {
            for (int seed = 0; seed < 10; seed++) {
                for (int[] size : new int[][] {{256, 256}, {512, 341}, {96, 160}}) {
                    Mask m = new FreeFormMasks(bin).sample(size[0], size[1], seed);
                    assertTrue(bin.contains(m.holeRatio()), bin + " got " + m.holeRatio());
                }
            }
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        FreeFormMasks s = new FreeFormMasks(new HoleRatioBin(0.2, 0.3));
        assertEquals(s.sample(128, 128, 42), s.sample(128, 128, 42));
        assertNotEquals(s.sample(128, 128, 42), s.sample(128, 128, 43));
    }

    @Test
    void rectanglesAreAtMostHalfTheSideAndInside() {
        RectangleMasks r = RectangleMasks.contextualAttention();
        for (int seed = 0; seed < 50; seed++) {
            Rect b = r.sample(256, 192, seed).holeBounds();
            assertTrue(b.width() <= 128 && b.height() <= 96, b.toString());
            assertTrue(b.width() >= 32 && b.height() >= 24, b.toString());
            assertTrue(b.right() <= 256 && b.bottom() <= 192);
        }
    }

    @Test
    void centredSquareHasItsArea() {
        Mask m = new CenteredSquareMasks(0.25).sample(200, 200, 0);
        assertEquals(0.25, m.holeRatio(), 0.01);
        assertEquals(new Rect(50, 50, 100, 100), m.holeBounds());
    }

    @Test
    void binLabelsAndMembership() {
        HoleRatioBin b = new HoleRatioBin(0.1, 0.2);
        assertEquals("(0.1,0.2]", b.label());
        assertTrue(b.contains(0.2));
        assertTrue(!b.contains(0.1));
        assertEquals(new HoleRatioBin(0.3, 0.4), HoleRatioBin.paperBinOf(0.35));
    }
}
