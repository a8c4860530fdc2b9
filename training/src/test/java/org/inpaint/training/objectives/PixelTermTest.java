package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class PixelTermTest {

    /**
     * Two 1-channel 10×10 images: the first with a 4-pixel hole where the output is off by 0.1, the second with a
     * 50-pixel hole off by 0.3; the known pixels are off by 0.02 in both.
     */
    private static NDArray[] twoImages(NDManager m) {
        float[] holes = new float[200];
        for (int i = 0; i < 4; i++) {
            holes[i] = 1;
        }
        for (int i = 0; i < 50; i++) {
            holes[100 + i] = 1;
        }
        float[] output = new float[200];
        for (int i = 0; i < 200; i++) {
            output[i] = holes[i] == 0 ? 0.02f : i < 100 ? 0.1f : 0.3f;
        }
        NDArray h = m.create(holes, new Shape(2, 1, 10, 10));
        return new NDArray[] {m.create(output, new Shape(2, 1, 10, 10)), m.zeros(new Shape(2, 1, 10, 10)), h, h.neg().add(1)};
    }

    @Test
    void thePsnrTermIsTheBatchMeanOfEachImagesHolePsnrNegated() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] t = twoImages(m);
            double small = 10 * Math.log10(0.01 + PixelTerm.EPSILON);
            double large = 10 * Math.log10(0.09 + PixelTerm.EPSILON);
            assertEquals((small + large) / 2, PixelTerm.PSNR.of(t[0], t[1], t[2], t[3], 0).getFloat(), 1e-4);
            // a tenth of the known pixels' squared error joins each image's hole sum before the logarithm
            double smallWithKnown = 10 * Math.log10((4 * 0.01 + 0.1 * 96 * 0.0004) / 4 + PixelTerm.EPSILON);
            double largeWithKnown = 10 * Math.log10((50 * 0.09 + 0.1 * 50 * 0.0004) / 50 + PixelTerm.EPSILON);
            assertEquals((smallWithKnown + largeWithKnown) / 2, PixelTerm.PSNR.of(t[0], t[1], t[2], t[3], 0.1f).getFloat(), 1e-4);
            // the pooled terms, for comparison: one mean over all 54 hole pixels
            assertEquals((4 * 0.01 + 50 * 0.09) / 54, PixelTerm.L2.of(t[0], t[1], t[2], t[3], 0).getFloat(), 1e-6);
            assertEquals((4 * 0.1 + 50 * 0.3) / 54, PixelTerm.L1.of(t[0], t[1], t[2], t[3], 0).getFloat(), 1e-6);
            assertEquals((4 * 0.1 + 50 * 0.3) / 54 + 0.1 * 0.02, PixelTerm.L1.of(t[0], t[1], t[2], t[3], 0.1f).getFloat(), 1e-6);
        }
    }

    /** What the PSNR term is for: a pixel of a small, nearly right hole pulls as hard as the large hole's pixels together. */
    @Test
    void underThePsnrTermTheSmallHoleWeighsAsMuchAsTheLargeOne() {
        for (PixelTerm term : new PixelTerm[] {PixelTerm.L2, PixelTerm.PSNR}) {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray[] t = twoImages(m);
                NDArray output = t[0];
                output.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(term.of(output, t[1], t[2], t[3], 0));
                }
                float[] g = output.getGradient().toFloatArray();
                double smallHole = 0;
                double largeHole = 0;
                for (int i = 0; i < 4; i++) {
                    smallHole += g[i];
                }
                for (int i = 0; i < 50; i++) {
                    largeHole += g[100 + i];
                }
                assertEquals(0, g[50], 0, "a known pixel has no gradient without a known weight");
                double ratio = smallHole / largeHole;
                if (term == PixelTerm.L2) {
                    // pooled: proportional to area times error, 4 · 0.1 against 50 · 0.3
                    assertEquals(4 * 0.1 / (50 * 0.3), ratio, 1e-4);
                } else {
                    // per image in decibels: d/dx 10 log10(mse) sums to 20 / (ln 10 · error) over a hole, whatever its area
                    assertEquals(0.3 / 0.1, ratio, 1e-3);
                }
                assertTrue(smallHole > 0 && largeHole > 0);
            }
        }
    }
}
