package org.inpaint.inference.opencv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class OpenCvInpaintEngineTest {

    @Test
    void bothMethodsAreRegistered() {
        assertTrue(EngineRegistry.load().names().containsAll(List.of("telea", "ns")));
    }

    @Test
    void smoothGradientIsContinuedIntoTheHole() {
        // A horizontal ramp: diffusion from both sides must reproduce it closely inside a thin hole.
        int w = 120, h = 80;
        RgbImage ramp = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    ramp.set(x, y, c, 40 + x);
                }
            }
        }
        Mask hole = Mask.ofBoxes(w, h, List.of(new Rect(55, 30, 8, 20)));
        for (OpenCvInpaintEngine.Method m : OpenCvInpaintEngine.Method.values()) {
            RgbImage out = new OpenCvInpaintEngine(m, 5).inpaint(List.of(new EngineInput(ramp, hole))).get(0);
            for (int y = 30; y < 50; y++) {
                for (int x = 55; x < 63; x++) {
                    assertEquals(40 + x, out.get(x, y, 0), 6, m + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void batchesComeBackInOrder() {
        ImageCodec codec = ImageCodec.withDefaults();
        RgbImage a = RgbImage.blank(30, 20);
        RgbImage b = RgbImage.blank(40, 25);
        Mask ma = Mask.ofBoxes(30, 20, List.of(new Rect(5, 5, 3, 3)));
        Mask mb = Mask.ofBoxes(40, 25, List.of(new Rect(5, 5, 3, 3)));
        List<RgbImage> out = new OpenCvInpaintEngine(OpenCvInpaintEngine.Method.TELEA, 3)
                .inpaint(List.of(new EngineInput(a, ma), new EngineInput(b, mb)));
        assertEquals(30, out.get(0).width());
        assertEquals(40, out.get(1).width());
        assertTrue(codec.maxPixels() > 0);
    }
}
