package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.junit.jupiter.api.Test;

/**
 * Values an engine must get, computed by hand. The image is 64×64 of one colour B = (100, 150, 200) with a 32×32
 * square of C = (40, 90, 250) in the middle, and the hole is that square: hole ratio 1/4, per-channel
 * differences 60, 60, 50 between B and C.
 */
class EvalKnownValuesTest {

    private static final int[] B = {100, 150, 200};
    private static final int[] C = {40, 90, 250};
    private static final RgbImage TRUTH = twoTone();
    private static final Mask HOLE = Mask.ofBoxes(64, 64, List.of(new Rect(16, 16, 32, 32)));
    private static final List<Evaluation.Case> CASES = List.of(
            new Evaluation.Case(new Evaluation.Sample("two-tone", TRUTH), "(0.2,0.3]", HOLE));

    /** Returns the ground truth; it checks that it was given the whole image, so the truth fits. */
    static final class Oracle implements InpaintEngine {
        @Override
        public EngineInfo info() {
            return EngineInfo.classical("oracle", "returns the ground truth", 0);
        }

        @Override
        public List<RgbImage> inpaint(List<EngineInput> batch) {
            for (EngineInput in : batch) {
                assertEquals(TRUTH.width(), in.image().width(), "the ROI of a 64x64 image with a 32x32 hole is the image");
            }
            return batch.stream().map(in -> TRUTH.copy()).toList();
        }
    }

    /** Returns what it was given: shows what an engine sees in the hole. */
    static final class Identity implements InpaintEngine {
        @Override
        public EngineInfo info() {
            return EngineInfo.classical("identity", "returns its input", 0);
        }

        @Override
        public List<RgbImage> inpaint(List<EngineInput> batch) {
            return batch.stream().map(in -> in.image().copy()).toList();
        }
    }

    private static EvalRow only(String name, java.util.function.Supplier<InpaintEngine> engine) {
        List<EvalRow> rows = Evaluation.run(CASES, List.of(new EngineSelection.Choice(name, engine)),
                RoiPlanner.withDefaults(), s -> { });
        assertEquals(1, rows.size());
        assertEquals(1, rows.get(0).images());
        return rows.get(0);
    }

    @Test
    void anEngineReturningTheTruthScoresPerfectly() {
        EvalRow r = only("oracle", Oracle::new);
        assertEquals(0.0, r.l1Percent());
        assertEquals(0.0, r.l2Percent());
        assertEquals(100.0, r.psnr(), "PSNR of identical images is capped at 100 dB");
        assertEquals(100.0, r.psnrHole());
        assertEquals(1.0, r.ssim(), 1e-12);
        assertEquals(1.0, r.ssimHole(), 1e-12);
    }

    @Test
    void meanFillGetsTheHandComputedValues() {
        // every known pixel is B, so the mean fill paints B and the seam has nothing to correct
        EvalRow r = only(MeanFill.NAME, MeanFill::new);
        double sumAbs = 60 + 60 + 50;
        double sumSq = 60 * 60 + 60 * 60 + 50 * 50;
        assertEquals(100 * 0.25 * sumAbs / 3 / 255, r.l1Percent(), 1e-9);          // 5.5556 %
        assertEquals(100 * 0.25 * sumSq / 3 / (255 * 255), r.l2Percent(), 1e-9);   // 1.2431 %
        assertEquals(10 * Math.log10(255 * 255 / (0.25 * sumSq / 3)), r.psnr(), 1e-9);  // 19.06 dB
        assertEquals(10 * Math.log10(255 * 255 / (sumSq / 3)), r.psnrHole(), 1e-9);     // 13.04 dB
        assertEquals(0.0, r.tvPercent(), 1e-12, "the filled image is one flat colour");
    }

    @Test
    void enginesSeeGreyInTheHoleNotTheTruth() {
        EvalRow r = only("identity", Identity::new);
        int g = Evaluation.BLANK;
        double sumAbs = Math.abs(C[0] - g) + Math.abs(C[1] - g) + Math.abs(C[2] - g);
        assertEquals(100 * 0.25 * sumAbs / 3 / 255, r.l1Percent(), 1e-9);
        assertEquals(0.0, Evaluation.blanked(TRUTH, HOLE).get(0, 0, 0) - B[0], "known pixels are left as they are");
    }

    private static RgbImage twoTone() {
        RgbImage img = RgbImage.blank(64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int[] c = x >= 16 && x < 48 && y >= 16 && y < 48 ? C : B;
                for (int k = 0; k < 3; k++) {
                    img.set(x, y, k, c[k]);
                }
            }
        }
        return img;
    }
}
