package org.inpaint.inference.patchmatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fill quality against the baselines, measured in the hole only.
 *
 * <p>On tiled textures PSNR is not a fair judge: a fill with the right texture but shifted by half a brick
 * scores about as low as a flat fill, and the mean colour is the PSNR-optimal flat fill (leaves, centred
 * square: mean 23.1 dB, Telea 21.8, patchmatch 27.7, but brick: mean 14.3, Telea 13.7, patchmatch 14.3). SSIM
 * in the hole and the ratio of mean gradient magnitude in the hole to that of the truth (1 = as busy as the
 * real texture, 0 = flat) separate them clearly, so those are asserted.
 */
class PatchMatchQualityTest {

    /** Photo i gets the mask of seed 11 + i. */
    static final String[] PHOTOS = {"orange", "kangaroo", "sea2", "swans", "greatwall", "charminar", "butterfly",
        "ocean_waves"};

    private static final PatchMatchCompletion COMPLETION = new PatchMatchCompletion(PatchMatchSettings.defaults());

    /*
     * Measured (256x256 tiles, 25% hole; in the hole: PSNR patchmatch / telea / mean, SSIM patchmatch / telea,
     * gradient ratio patchmatch / telea):
     *   brick  square  14.30 / 13.67 / 14.25   0.339 / 0.112   0.90 / 0.08
     *   brick  blobs   23.70 / 13.61 / 14.15   0.943 / 0.165   0.98 / 0.20
     *   leaves square  27.67 / 21.79 / 23.10   0.809 / 0.347   1.00 / 0.14
     *   leaves blobs   exact / 22.93 / 23.16   1.000 / 0.429   1.00 / 0.25
     *   pool   square  27.25 / 25.22 / 26.12   0.623 / 0.391   0.99 / 0.11
     *   pool   blobs   34.07 / 25.87 / 26.15   0.927 / 0.429   1.00 / 0.18
     * The smallest SSIM lead is 0.23 (brick and pool squares); asserted: 0.15.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"brick, square", "brick, blobs", "leaves, square", "leaves, blobs", "pool, square", "pool, blobs"})
    void beatsTeleaOnTexturedHoles(String texture, String shape) {
        RgbImage truth = Fixtures.tiledTexture(texture, 256);
        Mask mask = shape.equals("square") ? Fixtures.centredSquare(256, 256, 0.25) : Fixtures.blobs(256, 256, 0.25, 7);
        RgbImage input = Fixtures.punch(truth, mask);
        RgbImage pm = COMPLETION.complete(input, mask);
        RgbImage telea = Fixtures.telea(input, mask);
        double ssimPm = Quality.ssim(truth, pm, mask), ssimTelea = Quality.ssim(truth, telea, mask);
        double gradPm = Fixtures.gradientRatio(truth, pm, mask), gradTelea = Fixtures.gradientRatio(truth, telea, mask);
        System.out.printf("%s %s: PSNR pm %.2f telea %.2f mean %.2f | SSIM pm %.3f telea %.3f | grad pm %.3f telea %.3f%n",
                texture, shape, Quality.psnr(truth, pm, mask), Quality.psnr(truth, telea, mask),
                Quality.psnr(truth, Fixtures.meanFill(input, mask), mask), ssimPm, ssimTelea, gradPm, gradTelea);
        // PSNR favours patchmatch too, but narrowly on the squares (brick +0.6 dB): asserted without margin
        assertTrue(Quality.psnr(truth, pm, mask) > Quality.psnr(truth, telea, mask), "PSNR below telea's");
        assertTrue(ssimPm > ssimTelea + 0.15, "SSIM in the hole: patchmatch " + ssimPm + ", telea " + ssimTelea);
        assertTrue(gradPm > 0.8 && gradPm < 1.2, "patchmatch gradient ratio " + gradPm);
        assertTrue(gradTelea < 0.3, "telea gradient ratio " + gradTelea);
    }

    /*
     * Measured (256x256 centre crops, 15% hole; PSNR in the hole: patchmatch / telea / mean fill, then the
     * margin over the mean fill):
     *   orange      27.90 / 29.38 / 14.54  +13.4     swans       15.24 / 15.65 / 11.33  +3.9
     *   kangaroo    18.27 / 18.62 / 10.56   +7.7     greatwall   17.58 / 18.41 / 10.71  +6.9
     *   sea2        21.95 / 23.51 / 19.82   +2.1     charminar   17.86 / 18.45 / 11.25  +6.6
     *   butterfly   12.58 / 12.19 / 11.93   +0.65    ocean_waves 21.78 / 21.53 / 14.80  +7.0
     * mean margin +6.0 dB. On photos Telea's smooth fill usually scores a slightly higher PSNR than a copied
     * texture that is not exactly the truth, so Telea is not the yardstick here; the mean fill is.
     */
    @Test
    void beatsMeanFillOnPhotos() {
        String[] photos = PHOTOS;
        double total = 0;
        for (int i = 0; i < photos.length; i++) {
            long seed = 11 + i;
            RgbImage truth = Fixtures.centreCrop(Fixtures.photo(photos[i]), 256);
            Mask mask = Fixtures.photoMask(truth, seed);
            RgbImage input = Fixtures.punch(truth, mask);
            double psnrPm = Quality.psnr(truth, COMPLETION.complete(input, mask), mask);
            double psnrMean = Quality.psnr(truth, Fixtures.meanFill(input, mask), mask);
            System.out.printf("%-12s PSNR in the hole: patchmatch %.2f, mean fill %.2f%n", photos[i], psnrPm, psnrMean);
            assertTrue(psnrPm > psnrMean + 0.3, photos[i] + ": patchmatch " + psnrPm + " dB, mean fill " + psnrMean);
            total += psnrPm - psnrMean;
        }
        double meanMargin = total / photos.length;
        assertTrue(meanMargin > 4.5, "mean margin over the mean fill " + meanMargin + " dB");
    }
}
