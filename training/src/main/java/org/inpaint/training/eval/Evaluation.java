package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.inpaint.core.Inpainter;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.core.quality.QualityReport;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.training.masks.FreeFormMasks;
import org.inpaint.training.masks.HoleRatioBin;

/**
 * Runs engines over the same images with the same masks and averages the papers' measures per engine and group
 * (hole-ratio bin, or a study's condition).
 *
 * <p>Each image goes through the {@link Inpainter}, as in production: crops around the holes, paste-back of hole
 * pixels only, so known pixels stay exact. Before that the hole is painted {@link #BLANK} grey, so no engine can
 * read the ground truth it is scored against.
 */
public final class Evaluation {

    /** The value hole pixels are set to before an engine sees the image. */
    public static final int BLANK = 128;

    /** A ground-truth image and its name (which seeds its masks). */
    public record Sample(String name, RgbImage truth) {

        /** This sample scaled down (area-averaged) so its longer side is at most {@code maxSide}; 0 = unchanged. */
        public Sample limitedTo(int maxSide) {
            return Framing.longerSideAtMost(maxSide).apply(this);
        }
    }

    /** One image with one mask, reported under {@code group}. */
    public record Case(Sample sample, String group, Mask mask) {

        public Case {
            if (!sample.truth().sameSize(mask)) {
                throw new IllegalArgumentException("mask " + mask + " does not fit " + sample.name() + " " + sample.truth());
            }
        }
    }

    /** An engine's scores on one case. */
    public record CaseResult(String engine, Case testCase, QualityReport whole, double psnrHole, double ssimHole,
                             double rimRoughness, double ms) {
    }

    private Evaluation() {
    }

    /** One free-form mask per sample and bin, reproducible from {@code seed} and the sample's name. */
    public static List<Case> freeFormCases(List<Sample> samples, List<HoleRatioBin> bins, long seed) {
        List<Case> cases = new ArrayList<>();
        for (HoleRatioBin bin : bins) {
            for (Sample s : samples) {
                cases.add(new Case(s, bin.label(), FreeFormMasks.forCase(bin, s.name(), s.truth().width(), s.truth().height(), seed)));
            }
        }
        return cases;
    }

    /** The image an engine is given: the truth with every hole pixel set to {@link #BLANK}. */
    public static RgbImage blanked(RgbImage truth, Mask mask) {
        RgbImage out = truth.copy();
        byte[] p = out.data();
        byte[] holes = mask.data();
        for (int i = 0; i < holes.length; i++) {
            if (holes[i] != 0) {
                p[3 * i] = (byte) BLANK;
                p[3 * i + 1] = (byte) BLANK;
                p[3 * i + 2] = (byte) BLANK;
            }
        }
        return out;
    }

    /**
     * Every engine on every case, engine by engine (one instance each, closed after its cases).
     *
     * @param progress told "engine image group" as each case finishes (may be a no-op)
     */
    public static List<CaseResult> score(List<Case> cases, List<EngineSelection.Choice> engines, RoiPlanner planner,
                                         Consumer<String> progress) {
        return score(cases, engines, planner, progress, (r, out) -> { });
    }

    /**
     * As {@link #score(List, List, RoiPlanner, Consumer)}, also handing each fill to {@code fills} with its scores.
     */
    public static List<CaseResult> score(List<Case> cases, List<EngineSelection.Choice> engines, RoiPlanner planner,
                                         Consumer<String> progress, BiConsumer<CaseResult, RgbImage> fills) {
        List<CaseResult> results = new ArrayList<>();
        for (EngineSelection.Choice e : engines) {
            try (Inpainter inpainter = new Inpainter(e.factory().get(), planner)) {
                for (Case c : cases) {
                    RgbImage truth = c.sample().truth();
                    RgbImage input = blanked(truth, c.mask());
                    long t0 = System.nanoTime();
                    RgbImage out = inpainter.inpaint(input, c.mask());
                    double ms = (System.nanoTime() - t0) / 1e6;
                    CaseResult result = new CaseResult(e.name(), c, Quality.measure(truth, out, null),
                            Quality.psnr(truth, out, c.mask()), Quality.ssim(truth, out, c.mask()),
                            Quality.rimRoughness(truth, out, c.mask()), ms);
                    results.add(result);
                    fills.accept(result, out);
                    progress.accept(e.name() + " " + c.sample().name() + " " + c.group());
                }
            }
        }
        return results;
    }

    /** Means per engine and group, engines in the order they were run, groups in the order of the cases. */
    public static List<EvalRow> summarize(List<CaseResult> results) {
        Map<String, Map<String, List<CaseResult>>> byEngine = new LinkedHashMap<>();
        for (CaseResult r : results) {
            byEngine.computeIfAbsent(r.engine(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.testCase().group(), k -> new ArrayList<>()).add(r);
        }
        List<EvalRow> rows = new ArrayList<>();
        byEngine.forEach((engine, groups) -> groups.forEach((group, rs) -> rows.add(row(engine, group, rs))));
        return rows;
    }

    public static List<EvalRow> run(List<Case> cases, List<EngineSelection.Choice> engines, RoiPlanner planner,
                                    Consumer<String> progress) {
        return summarize(score(cases, engines, planner, progress));
    }

    /**
     * The main table: every ready engine on every case, with the papers' measures per hole-ratio bin.
     *
     * @param masks how the masks were made, in words, for the table's header
     * @param fills  given each fill with its scores (a {@link FillGrid}, or a no-op)
     */
    public static Report report(String masks, List<Case> cases, EngineSelection engines, RoiPlanner planner,
                                Consumer<String> progress, BiConsumer<CaseResult, RgbImage> fills) {
        Map<String, Sample> distinct = new LinkedHashMap<>();
        cases.forEach(c -> distinct.putIfAbsent(c.sample().name(), c.sample()));
        List<Sample> samples = new ArrayList<>(distinct.values());
        List<EvalRow> rows = summarize(score(cases, engines.ready(), planner, progress, fills));
        return new Report("results", "Engines by hole ratio", List.of(
                "Masks: " + masks + " The same masks for every engine.",
                Studies.images(samples) + " Each cell is the mean over the bin's images; L1, L2, PSNR, SSIM and TV over the "
                        + "whole image, PSNR and SSIM hole over the hole only. Holes are painted grey before an engine sees "
                        + "the image; known pixels stay exact (crops around the holes, feathered seam)."),
                "bin", "hole ratio", rows, engines.skipped(), "");
    }

    private static EvalRow row(String engine, String group, List<CaseResult> rs) {
        double n = rs.size();
        double l1 = 0, l2 = 0, psnr = 0, ssim = 0, tv = 0, psnrHole = 0, ssimHole = 0, ms = 0;
        double rimRoughness = rs.stream().mapToDouble(CaseResult::rimRoughness).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
        for (CaseResult r : rs) {
            l1 += r.whole().l1Percent() / n;
            l2 += r.whole().l2Percent() / n;
            psnr += r.whole().psnr() / n;
            ssim += r.whole().ssim() / n;
            tv += r.whole().tvPercent() / n;
            psnrHole += r.psnrHole() / n;
            ssimHole += r.ssimHole() / n;
            ms += r.ms() / n;
        }
        return new EvalRow(engine, group, rs.size(), l1, l2, psnr, ssim, tv, psnrHole, ssimHole, rimRoughness, ms);
    }
}
