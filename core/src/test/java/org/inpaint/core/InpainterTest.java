package org.inpaint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

class InpainterTest {

    /** A deliberately bad engine: overwrites every pixel (known ones too) with noise, and records what it saw. */
    static final class NoiseEngine implements InpaintEngine {
        final int workingSize;
        final List<int[]> seen = new ArrayList<>();
        int calls;

        NoiseEngine(int workingSize) {
            this.workingSize = workingSize;
        }

        @Override
        public EngineInfo info() {
            return new EngineInfo("noise", EngineKind.NEURAL, "test", workingSize, 4, 1, "cpu", true, "ready");
        }

        @Override
        public List<RgbImage> inpaint(List<EngineInput> batch) {
            calls++;
            Random rnd = new Random(5);
            List<RgbImage> out = new ArrayList<>();
            for (EngineInput in : batch) {
                seen.add(new int[] {in.image().width(), in.image().height()});
                byte[] p = new byte[in.image().data().length];
                rnd.nextBytes(p);
                out.add(new RgbImage(in.image().width(), in.image().height(), p));
            }
            return out;
        }
    }

    private static RgbImage photo() {
        return ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("swans")), "image").image();
    }

    @Test
    void knownPixelsStayByteIdenticalWhateverTheEngineDoes() {
        RgbImage img = photo();
        Mask mask = Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(50, 60, 40, 30), new Rect(600, 300, 80, 90)));
        for (int workingSize : new int[] {0, 64}) {
            RgbImage out = new Inpainter(new NoiseEngine(workingSize)).inpaint(img, mask);
            assertEquals(img.width(), out.width());
            assertEquals(img.height(), out.height());
            int changedInHole = 0;
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    for (int c = 0; c < 3; c++) {
                        if (!mask.isHole(x, y)) {
                            assertEquals(img.get(x, y, c), out.get(x, y, c), "known pixel changed at " + x + "," + y);
                        } else if (img.get(x, y, c) != out.get(x, y, c)) {
                            changedInHole++;
                        }
                    }
                }
            }
            assertTrue(changedInHole > 0.9 * 3 * mask.holeCount(), "the hole was filled");
        }
    }

    @Test
    void largeCropsReachTheEngineAtItsWorkingSize() {
        RgbImage img = photo();
        Mask mask = Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(300, 150, 200, 150)));
        NoiseEngine engine = new NoiseEngine(128);
        new Inpainter(engine).inpaint(img, mask);
        assertEquals(1, engine.seen.size());
        assertEquals(128, Math.max(engine.seen.get(0)[0], engine.seen.get(0)[1]));
    }

    @Test
    void cropsOfSeveralImagesShareEngineCallsUpToMaxBatch() {
        RgbImage img = photo();
        NoiseEngine engine = new NoiseEngine(64);
        List<org.inpaint.core.engine.EngineInput> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(new org.inpaint.core.engine.EngineInput(img,
                    Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(300, 150, 200, 150)))));
        }
        List<RgbImage> out = new Inpainter(engine).inpaintAll(items);
        assertEquals(6, out.size());
        assertEquals(6, engine.seen.size(), "six crops");
        assertEquals(2, engine.calls, "in two calls of at most maxBatch = 4");
    }

    @Test
    void badMasksAreRejectedWithTheirReason() {
        RgbImage img = photo();
        Inpainter inpainter = new Inpainter(new NoiseEngine(0));
        InpaintException wrongSize = assertThrows(InpaintException.class,
                () -> inpainter.inpaint(img, Mask.ofBoxes(10, 10, List.of(new Rect(1, 1, 2, 2)))));
        assertEquals("mask", wrongSize.field());
        assertTrue(wrongSize.getMessage().contains("10x10") && wrongSize.getMessage().contains(img.width() + "x" + img.height()),
                wrongSize.getMessage());
        InpaintException empty = assertThrows(InpaintException.class,
                () -> inpainter.inpaint(img, Mask.empty(img.width(), img.height())));
        assertTrue(empty.getMessage().contains("empty"));
        InpaintException full = assertThrows(InpaintException.class, () -> inpainter.inpaint(img,
                Mask.ofBoxes(img.width(), img.height(), List.of(new Rect(0, 0, img.width(), img.height())))));
        assertTrue(full.getMessage().contains("whole image"));
    }
}
