package org.inpaint.inference.patchmatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.junit.jupiter.api.Test;

class PatchMatchEngineTest {

    private static RgbImage fill(RgbImage input, Mask mask) {
        return new PatchMatchCompletion(PatchMatchSettings.defaults()).complete(input, mask);
    }

    /** Same size, and every byte outside the hole as in the input. */
    private static void assertProperFill(RgbImage input, Mask mask, RgbImage out) {
        assertEquals(input.width(), out.width());
        assertEquals(input.height(), out.height());
        byte[] in = input.data(), o = out.data(), m = mask.data();
        for (int p = 0; p < m.length; p++) {
            for (int c = 0; c < 3; c++) {
                if (m[p] == 0) {
                    assertEquals(in[3 * p + c], o[3 * p + c], "known pixel " + p + " changed");
                }
            }
        }
    }

    /** The fraction of hole pixels left pure black (the value punched into the input). */
    private static double blackInHole(RgbImage out, Mask mask) {
        long black = 0;
        for (int p = 0; p < mask.data().length; p++) {
            if (mask.data()[p] != 0 && out.data()[3 * p] == 0 && out.data()[3 * p + 1] == 0 && out.data()[3 * p + 2] == 0) {
                black++;
            }
        }
        return black / (double) mask.holeCount();
    }

    @Test
    void keepsKnownPixelsAndSize() {
        RgbImage truth = Fixtures.centreCrop(Fixtures.photo("kangaroo"), 300);
        Mask mask = Fixtures.strokes(truth.width(), truth.height(), 0.15, 4);
        RgbImage input = Fixtures.punch(truth, mask);
        RgbImage out = fill(input, mask);
        assertProperFill(input, mask, out);
        assertEquals(0, blackInHole(out, mask));
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        RgbImage truth = Fixtures.tiledTexture("pool", 200);
        Mask mask = Fixtures.centredSquare(200, 200, 0.25);
        RgbImage input = Fixtures.punch(truth, mask);
        PatchMatchSettings settings = PatchMatchSettings.defaults();
        RgbImage a = new PatchMatchCompletion(settings).complete(input, mask);
        RgbImage b = new PatchMatchCompletion(settings).complete(input, mask);
        RgbImage c = new PatchMatchCompletion(settings.withSeed(42)).complete(input, mask);
        assertArrayEquals(a.data(), b.data());
        assertFalse(java.util.Arrays.equals(a.data(), c.data()), "the seed should matter");
    }

    @Test
    void fillsHolesTouchingTheBorder() {
        RgbImage truth = Fixtures.tiledTexture("leaves", 160);
        Mask mask = Mask.ofBoxes(160, 160, List.of(new Rect(0, 40, 30, 50), new Rect(120, 130, 40, 30),
                new Rect(60, 0, 40, 20)));
        RgbImage input = Fixtures.punch(truth, mask);
        RgbImage out = fill(input, mask);
        assertProperFill(input, mask, out);
        assertEquals(0, blackInHole(out, mask));
        double pm = Quality.ssim(truth, out, mask), mean = Quality.ssim(truth, Fixtures.meanFill(input, mask), mask);
        assertTrue(pm > mean + 0.1, "SSIM in border holes: patchmatch " + pm + ", mean fill " + mean);
    }

    @Test
    void fillsTinyImages() {
        RgbImage truth = Fixtures.tiledTexture("brick", 40);
        Mask mask = Mask.ofBoxes(40, 40, List.of(new Rect(15, 15, 10, 10)));
        RgbImage input = Fixtures.punch(truth, mask);
        RgbImage out = fill(input, mask);
        assertProperFill(input, mask, out);
        assertEquals(0, blackInHole(out, mask));

        RgbImage sliver = Fixtures.tiledTexture("brick", 5).crop(new Rect(0, 0, 5, 2));
        Mask middle = Mask.ofBoxes(5, 2, List.of(new Rect(2, 0, 1, 2)));
        assertProperFill(sliver, middle, fill(Fixtures.punch(sliver, middle), middle));
    }

    @Test
    void fallsBackWhenFewPatchesFit() {
        RgbImage truth = Fixtures.tiledTexture("pool", 40);
        // a 3-pixel known frame: no 7x7 or 5x5 patch is whole, 3x3 ones are
        Mask thinFrame = Mask.ofBoxes(40, 40, List.of(new Rect(3, 3, 34, 34)));
        RgbImage out = fill(Fixtures.punch(truth, thinFrame), thinFrame);
        assertProperFill(truth, thinFrame, out);
        assertEquals(0, blackInHole(out, thinFrame));
        // a 2-pixel frame: no patch at all is whole, so the smooth fill takes over
        Mask thinnerFrame = Mask.ofBoxes(40, 40, List.of(new Rect(2, 2, 36, 36)));
        out = fill(Fixtures.punch(truth, thinnerFrame), thinnerFrame);
        assertProperFill(truth, thinnerFrame, out);
        assertEquals(0, blackInHole(out, thinnerFrame));
        // scattered single known pixels only
        Mask sieve = Mask.empty(40, 40);
        for (int p = 0; p < 1600; p++) {
            sieve.data()[p] = (byte) (p % 7 == 0 ? 0 : 1);
        }
        assertProperFill(truth, sieve, fill(Fixtures.punch(truth, sieve), sieve));
    }

    @Test
    void emptyAndFullMasksReturnTheInput() {
        RgbImage img = Fixtures.tiledTexture("brick", 64);
        RgbImage out = fill(img, Mask.empty(64, 64));
        assertNotSame(img, out);
        assertArrayEquals(img.data(), out.data());
        Mask full = Mask.ofBoxes(64, 64, List.of(new Rect(0, 0, 64, 64)));
        assertArrayEquals(img.data(), fill(img, full).data());
    }

    @Test
    void isDiscoveredAndFillsABatch() {
        EngineRegistry registry = EngineRegistry.load();
        assertTrue(registry.names().contains("patchmatch"), registry.names().toString());
        try (InpaintEngine engine = registry.create("patchmatch")) {
            assertEquals(EngineKind.CLASSICAL, engine.info().kind());
            assertEquals(1024, engine.info().workingSize());
            RgbImage a = Fixtures.tiledTexture("leaves", 96);
            RgbImage b = Fixtures.tiledTexture("brick", 80);
            Mask ma = Fixtures.centredSquare(96, 96, 0.2), mb = Fixtures.blobs(80, 80, 0.2, 1);
            List<RgbImage> out = engine.inpaint(List.of(new EngineInput(Fixtures.punch(a, ma), ma),
                    new EngineInput(Fixtures.punch(b, mb), mb)));
            assertEquals(2, out.size());
            assertProperFill(Fixtures.punch(a, ma), ma, out.get(0));
            assertProperFill(Fixtures.punch(b, mb), mb, out.get(1));
        }
    }

    @Test
    void settingsRejectNonsense() {
        PatchMatchSettings d = PatchMatchSettings.defaults();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.withPatchSize(6));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
    }
}
