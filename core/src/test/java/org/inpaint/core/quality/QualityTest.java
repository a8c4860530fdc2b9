package org.inpaint.core.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

class QualityTest {

    private static RgbImage constant(int w, int h, int v) {
        byte[] p = new byte[w * h * 3];
        Arrays.fill(p, (byte) v);
        return new RgbImage(w, h, p);
    }

    private static RgbImage photo() {
        return ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("butterfly")), "image").image();
    }

    @Test
    void aLineTracedAlongTheHolesEdgeIsRougherThanTheSameLineDeepInside() {
        RgbImage truth = constant(40, 40, 100);
        Mask hole = Mask.ofBoxes(40, 40, List.of(new Rect(10, 10, 20, 20)));
        assertEquals(0.0, Quality.rimRoughness(truth, truth.copy(), hole), 1e-12, "a perfect fill");
        double seam = Quality.rimRoughness(truth, ringDarkened(truth, 2), hole);
        double deep = Quality.rimRoughness(truth, ringDarkened(truth, 5), hole);
        // the line 2 px in: |4·(−3) + 2·3| = 6 on it, 3 beside it on both sides (corners aside): 3.33 here
        assertEquals(10.0 / 3, seam, 1e-9, "a line a pixel inside the edge");
        assertEquals(-2.75, deep, 1e-9, "the same line 5 px in roughens the band inside the rim instead");
        Mask thin = Mask.ofBoxes(40, 40, List.of(new Rect(10, 10, 4, 20)));
        assertTrue(Double.isNaN(Quality.rimRoughness(truth, truth.copy(), thin)), "a stroke 4 px wide is all rim");
    }

    /** {@code truth} with the ring of the 20×20 hole at (10, 10) that lies {@code ring} px in darkened by 3. */
    private static RgbImage ringDarkened(RgbImage truth, int ring) {
        RgbImage out = truth.copy();
        for (int y = 10; y < 30; y++) {
            for (int x = 10; x < 30; x++) {
                if (Math.min(Math.min(x - 10, 29 - x), Math.min(y - 10, 29 - y)) + 1 == ring) {
                    for (int c = 0; c < 3; c++) {
                        out.set(x, y, c, 97);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void identicalImagesScorePerfectly() {
        RgbImage img = photo();
        QualityReport r = Quality.measure(img, img.copy(), null);
        assertEquals(1.0, r.ssim(), 1e-12);
        assertEquals(0.0, r.l1Percent());
        assertEquals(0.0, r.l2Percent());
        assertEquals(100.0, r.psnr());
    }

    @Test
    void psnrOfPlusMinusNoiseOfKnownAmplitude() {
        // Every channel off by exactly +-10: MSE = 100, PSNR = 10 log10(255^2 / 100) = 28.1308 dB.
        RgbImage a = constant(64, 48, 100);
        RgbImage b = a.copy();
        Random rnd = new Random(1);
        for (int i = 0; i < b.data().length; i++) {
            b.data()[i] = (byte) (rnd.nextBoolean() ? 110 : 90);
        }
        assertEquals(10 * Math.log10(255.0 * 255.0 / 100.0), Quality.psnr(a, b, null), 1e-9);
        assertEquals(100.0 * 10 / 255, Quality.l1Percent(a, b, null), 1e-9);
        assertEquals(100.0 * 100 / (255.0 * 255.0), Quality.l2Percent(a, b, null), 1e-9);
    }

    @Test
    void ssimOfTwoConstantImagesIsTheLuminanceTerm() {
        // Constant images have zero variance: SSIM = (2 mu_x mu_y + C1) / (mu_x^2 + mu_y^2 + C1).
        double c1 = Math.pow(0.01 * 255, 2);
        double expected = (2 * 100.0 * 150.0 + c1) / (100.0 * 100.0 + 150.0 * 150.0 + c1);
        assertEquals(expected, Quality.ssim(constant(30, 30, 100), constant(30, 30, 150), null), 1e-9);
    }

    @Test
    void ssimFallsWithNoiseAndBlur() {
        RgbImage img = photo();
        RgbImage noisy = img.copy();
        Random rnd = new Random(3);
        for (int i = 0; i < noisy.data().length; i++) {
            int v = (noisy.data()[i] & 0xFF) + (int) Math.round(rnd.nextGaussian() * 20);
            noisy.data()[i] = (byte) Math.max(0, Math.min(255, v));
        }
        double s = Quality.ssim(img, noisy, null);
        assertTrue(s < 0.8 && s > 0.1, "ssim " + s);
    }

    @Test
    void regionRestrictsTheMeasureToTheHole() {
        RgbImage a = constant(10, 10, 50);
        RgbImage b = a.copy();
        Mask hole = Mask.ofBoxes(10, 10, List.of(new Rect(0, 0, 5, 10)));
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    b.set(x, y, c, 60);
                }
            }
        }
        assertEquals(100.0 * 10 / 255, Quality.l1Percent(a, b, hole), 1e-9);
        assertEquals(100.0 * 5 / 255, Quality.l1Percent(a, b, null), 1e-9);
    }

    @Test
    void totalVariationOfVerticalStripes() {
        // Columns alternate 0 and 255: each pixel but the last column has |dx| = 255, dy = 0.
        RgbImage img = constant(4, 3, 0);
        for (int y = 0; y < 3; y++) {
            for (int x = 1; x < 4; x += 2) {
                for (int c = 0; c < 3; c++) {
                    img.set(x, y, c, 255);
                }
            }
        }
        assertEquals(100.0 * 3 / 4, Quality.totalVariationPercent(img, null), 1e-9);
        assertEquals(0.0, Quality.totalVariationPercent(constant(5, 5, 77), null));
    }
}
