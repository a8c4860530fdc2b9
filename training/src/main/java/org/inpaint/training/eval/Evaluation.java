package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.inpaint.core.Inpainter;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.core.quality.QualityReport;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.training.masks.FreeFormMasks;
import org.inpaint.training.masks.HoleRatioBin;

/**
 * Runs engines over the same images with the same seeded masks and averages the papers' measures per engine and
 * hole-ratio bin.
 */
public final class Evaluation {

    /** A ground-truth image and its name (which seeds its masks). */
    public record Sample(String name, RgbImage truth) {
    }

    /** A sample with its mask for one bin. */
    public record Case(Sample sample, HoleRatioBin bin, Mask mask) {
    }

    private Evaluation() {
    }

    /** One free-form mask per sample and bin, reproducible from {@code seed} and the sample's name. */
    public static List<Case> freeFormCases(List<Sample> samples, List<HoleRatioBin> bins, long seed) {
        List<Case> cases = new ArrayList<>();
        for (HoleRatioBin bin : bins) {
            for (Sample s : samples) {
                long caseSeed = seed * 1_000_003L + s.name().hashCode() * 31L + Math.round(bin.hi() * 100);
                Mask m = new FreeFormMasks(bin).sample(s.truth().width(), s.truth().height(), caseSeed);
                cases.add(new Case(s, bin, m));
            }
        }
        return cases;
    }

    /**
     * @param engines  engine name to a factory of fresh instances (one instance is used per engine)
     * @param progress told "engine name bin" as each case finishes (may be a no-op)
     */
    public static List<EvalRow> run(List<Case> cases, Map<String, Supplier<InpaintEngine>> engines,
                                    RoiPlanner planner, Consumer<String> progress) {
        List<EvalRow> rows = new ArrayList<>();
        for (Map.Entry<String, Supplier<InpaintEngine>> e : engines.entrySet()) {
            try (Inpainter inpainter = new Inpainter(e.getValue().get(), planner)) {
                Map<String, List<double[]>> byBin = new LinkedHashMap<>();
                for (Case c : cases) {
                    long t0 = System.nanoTime();
                    RgbImage out = inpainter.inpaint(c.sample().truth(), c.mask());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    QualityReport whole = Quality.measure(c.sample().truth(), out, null);
                    double psnrHole = Quality.psnr(c.sample().truth(), out, c.mask());
                    double ssimHole = Quality.ssim(c.sample().truth(), out, c.mask());
                    byBin.computeIfAbsent(c.bin().label(), k -> new ArrayList<>()).add(new double[] {
                        whole.l1Percent(), whole.l2Percent(), whole.psnr(), whole.ssim(), whole.tvPercent(),
                        psnrHole, ssimHole, ms});
                    progress.accept(e.getKey() + " " + c.sample().name() + " " + c.bin().label());
                }
                byBin.forEach((bin, values) -> rows.add(row(e.getKey(), bin, values)));
            }
        }
        return rows;
    }

    private static EvalRow row(String engine, String bin, List<double[]> values) {
        double[] mean = new double[8];
        for (double[] v : values) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += v[i] / values.size();
            }
        }
        return new EvalRow(engine, bin, values.size(), mean[0], mean[1], mean[2], mean[3], mean[4], mean[5], mean[6], mean[7]);
    }
}
