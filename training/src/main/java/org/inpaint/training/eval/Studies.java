package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.core.roi.RoiPlanner;

/**
 * The three studies Dumont and Guedon ran on the contextual-attention model, made quantitative and run on every
 * engine: hole size at a fixed location, holes over uniform versus complex texture, and replicated images (the
 * same window twice side by side, so the hole's exact content exists in the background).
 *
 * <p>In every study the engine sees the whole image (the report fed whole images to the network, and the
 * replicated study is meaningless if the crop around the hole leaves out the copy). Known pixels stay exact
 * through the {@link org.inpaint.core.Inpainter} as in the main evaluation.
 */
public final class Studies {

    /** The names {@code --study} accepts. */
    public static final List<String> NAMES = List.of("size", "texture", "replicated");

    /** Square hole sides of the size study, as fractions of the image's short side. */
    public static final double[] SIZE_SIDES = {0.1, 0.2, 0.3, 0.4, 0.5};

    /** Hole side of the texture study, as a fraction of the short side. */
    public static final double TEXTURE_SIDE = 0.25;

    /** Hole side of the replicated study, as a fraction of the short side of one window. */
    public static final double REPLICATED_SIDE = 0.4;

    /** A planner whose crop is always the whole image. */
    public static final RoiPlanner WHOLE_IMAGE = new RoiPlanner(1.0, 32, Double.MIN_VALUE);

    /** A study's cases and how to describe them. */
    public record Study(String name, String title, List<String> description, String groupColumn, String groupTitle,
                       List<Evaluation.Case> cases) {
    }

    private Studies() {
    }

    public static Study named(String name, List<Evaluation.Sample> samples) {
        return switch (name) {
            case "size" -> size(samples);
            case "texture" -> texture(samples);
            case "replicated" -> replicated(samples);
            default -> throw new IllegalArgumentException("unknown study '" + name + "'; studies: " + NAMES);
        };
    }

    /** A centred square hole growing from 0.1 to 0.5 of the short side; the location never changes. */
    public static Study size(List<Evaluation.Sample> samples) {
        List<Evaluation.Case> cases = new ArrayList<>();
        double[] ratio = new double[SIZE_SIDES.length];
        for (int k = 0; k < SIZE_SIDES.length; k++) {
            for (Evaluation.Sample s : samples) {
                Mask m = centredSquare(s.truth().width(), s.truth().height(), SIZE_SIDES[k]);
                ratio[k] += m.holeRatio() / samples.size();
                cases.add(new Evaluation.Case(s, String.format(Locale.ROOT, "%.2f", SIZE_SIDES[k]), m));
            }
        }
        StringBuilder ratios = new StringBuilder();
        for (int k = 0; k < SIZE_SIDES.length; k++) {
            ratios.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f: %.1f %%", SIZE_SIDES[k], 100 * ratio[k]));
        }
        return new Study("study-size", "Hole size at a fixed location", List.of(
                "One square hole centred in each image, its side a fraction of the image's short side; the centre never moves.",
                "Mean hole ratio per side: " + ratios + ".",
                images(samples) + " The engine sees the whole image."),
                "hole_side", "hole side / short side", cases);
    }

    /**
     * Per image, the smoothest and the busiest square window (side {@link #TEXTURE_SIDE} of the short side) as
     * holes. Windows lie on a grid of stride half a side, at least half a side from the border; busyness is the
     * mean luminance gradient |∂x L| + |∂y L| of the ground truth under the window.
     */
    public static Study texture(List<Evaluation.Sample> samples) {
        List<Evaluation.Case> uniform = new ArrayList<>();
        List<Evaluation.Case> complex = new ArrayList<>();
        double[] lowStats = {Double.MAX_VALUE, 0, 0};
        double[] highStats = {Double.MAX_VALUE, 0, 0};
        for (Evaluation.Sample s : samples) {
            RgbImage img = s.truth();
            int side = Math.max(4, (int) Math.round(TEXTURE_SIDE * Math.min(img.width(), img.height())));
            int stride = Math.max(1, side / 2);
            double[] luma = Quality.luma(img);
            Rect lowest = null, highest = null;
            double lo = Double.MAX_VALUE, hi = -1;
            for (int y = stride; y + side + stride <= img.height(); y += stride) {
                for (int x = stride; x + side + stride <= img.width(); x += stride) {
                    Rect r = new Rect(x, y, side, side);
                    double g = gradientEnergy(luma, img.width(), r);
                    if (g < lo) {
                        lo = g;
                        lowest = r;
                    }
                    if (g > hi) {
                        hi = g;
                        highest = r;
                    }
                }
            }
            if (lowest == null) {
                throw new IllegalArgumentException(s.name() + " is too small for the texture study");
            }
            uniform.add(new Evaluation.Case(s, "uniform", Mask.ofBoxes(img.width(), img.height(), List.of(lowest))));
            complex.add(new Evaluation.Case(s, "complex", Mask.ofBoxes(img.width(), img.height(), List.of(highest))));
            accumulate(lowStats, lo, samples.size());
            accumulate(highStats, hi, samples.size());
        }
        List<Evaluation.Case> cases = new ArrayList<>(uniform);
        cases.addAll(complex);
        return new Study("study-texture", "Holes over uniform versus complex texture", List.of(
                "Per image, two square holes of side " + TEXTURE_SIDE + " × the short side, picked by measurement, not by hand: "
                        + "among windows on a grid (stride half a side, at least half a side from the border), the one whose "
                        + "ground truth has the lowest mean luminance gradient |∂x L| + |∂y L| (L = 0.299 R + 0.587 G + 0.114 B) "
                        + "is 'uniform', the highest 'complex'.",
                String.format(Locale.ROOT, "Measured gradient under the hole, grey levels per pixel: uniform %.1f (%.1f–%.1f), "
                        + "complex %.1f (%.1f–%.1f), mean (min–max).", lowStats[2], lowStats[0], lowStats[1],
                        highStats[2], highStats[0], highStats[1]),
                images(samples) + " The engine sees the whole image."),
                "texture", "texture under the hole", cases);
    }

    /**
     * Each image's left window (half its width) is shown twice: once next to the image's own right half
     * ("original"), once next to a copy of itself ("replicated"). The hole, a centred square in the left window,
     * and everything left of the middle are the same in both; only in the replicated image does the hole's exact
     * content exist in the background.
     */
    public static Study replicated(List<Evaluation.Sample> samples) {
        List<Evaluation.Case> original = new ArrayList<>();
        List<Evaluation.Case> replicated = new ArrayList<>();
        for (Evaluation.Sample s : samples) {
            RgbImage img = s.truth();
            int half = img.width() / 2;
            int h = img.height();
            int side = Math.max(4, (int) Math.round(REPLICATED_SIDE * Math.min(half, h)));
            Mask hole = Mask.ofBoxes(2 * half, h, List.of(new Rect((half - side) / 2, (h - side) / 2, side, side)));
            RgbImage left = img.crop(new Rect(0, 0, half, h));
            original.add(new Evaluation.Case(new Evaluation.Sample(s.name(), img.crop(new Rect(0, 0, 2 * half, h))),
                    "original", hole));
            replicated.add(new Evaluation.Case(new Evaluation.Sample(s.name(), sideBySide(left, left)), "replicated", hole));
        }
        List<Evaluation.Case> cases = new ArrayList<>(original);
        cases.addAll(replicated);
        return new Study("study-replicated", "Replicated images", List.of(
                "Each image's left half (window) next to the image's own right half ('original') or next to a copy of itself "
                        + "('replicated'). One square hole of side " + REPLICATED_SIDE + " × the window's short side, centred in "
                        + "the left window; the hole and the window are the same in both, so only the background differs.",
                images(original.stream().map(Evaluation.Case::sample).toList()) + " The engine sees the whole image."),
                "replication", "background", cases);
    }

    /** Runs a study on the engines and writes its report; the replicated study adds the per-image PSNR gain. */
    public static Report run(Study study, EngineSelection engines, Consumer<String> progress) {
        List<Evaluation.CaseResult> results = Evaluation.score(study.cases(), engines.ready(), WHOLE_IMAGE, progress);
        String extra = study.groupColumn().equals("replication") ? replicationGains(results) : "";
        return new Report(study.name(), study.title(), study.description(), study.groupColumn(), study.groupTitle(),
                Evaluation.summarize(results), engines.skipped(), extra);
    }

    /** Per engine: PSNR in the hole, replicated minus original, paired by image. */
    public record Gain(String engine, int images, double mean, double median, double min, double max, int improved,
                       int exact) {
    }

    public static List<Gain> gains(List<Evaluation.CaseResult> results) {
        Map<String, Integer> exact = new LinkedHashMap<>();
        Map<String, Map<String, Double>> original = new LinkedHashMap<>();
        Map<String, Map<String, Double>> replicated = new LinkedHashMap<>();
        for (Evaluation.CaseResult r : results) {
            (r.testCase().group().equals("original") ? original : replicated)
                    .computeIfAbsent(r.engine(), k -> new LinkedHashMap<>()).put(r.testCase().sample().name(), r.psnrHole());
            if (r.testCase().group().equals("replicated") && r.whole().l1Percent() == 0) {
                exact.merge(r.engine(), 1, Integer::sum);
            }
        }
        List<Gain> out = new ArrayList<>();
        original.forEach((engine, byImage) -> {
            List<Double> d = new ArrayList<>();
            byImage.forEach((image, psnr) -> d.add(replicated.get(engine).get(image) - psnr));
            List<Double> sorted = d.stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            out.add(new Gain(engine, n, d.stream().mapToDouble(Double::doubleValue).average().orElse(0), median,
                    sorted.get(0), sorted.get(n - 1), (int) d.stream().filter(v -> v > 0).count(), exact.getOrDefault(engine, 0)));
        });
        return out;
    }

    private static String replicationGains(List<Evaluation.CaseResult> results) {
        StringBuilder sb = new StringBuilder("PSNR in the hole, replicated minus original, per image, in dB. An exact fill "
                + "(every hole pixel right) has its PSNR capped at 100 dB; 'exact' counts them among the replicated images, "
                + "and the median is the robust summary when there are some.\n\n");
        sb.append("| engine | images | mean | median | min | max | improved | exact |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Gain g : gains(results)) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %+.2f | %+.2f | %+.2f | %+.2f | %d | %d |%n", g.engine(),
                    g.images(), g.mean(), g.median(), g.min(), g.max(), g.improved(), g.exact()));
        }
        return sb.toString();
    }

    static Mask centredSquare(int width, int height, double sideFraction) {
        int side = Math.max(1, (int) Math.round(sideFraction * Math.min(width, height)));
        return Mask.ofBoxes(width, height, List.of(new Rect((width - side) / 2, (height - side) / 2, side, side)));
    }

    static RgbImage sideBySide(RgbImage a, RgbImage b) {
        RgbImage out = RgbImage.blank(a.width() + b.width(), a.height());
        byte[] o = out.data();
        for (int y = 0; y < a.height(); y++) {
            System.arraycopy(a.data(), 3 * y * a.width(), o, 3 * y * out.width(), 3 * a.width());
            System.arraycopy(b.data(), 3 * y * b.width(), o, 3 * (y * out.width() + a.width()), 3 * b.width());
        }
        return out;
    }

    /** Mean of |∂x L| + |∂y L| (forward differences inside the window) over the window. */
    static double gradientEnergy(double[] luma, int width, Rect r) {
        double sum = 0;
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                double v = luma[y * width + x];
                if (x + 1 < r.right()) {
                    sum += Math.abs(luma[y * width + x + 1] - v);
                }
                if (y + 1 < r.bottom()) {
                    sum += Math.abs(luma[(y + 1) * width + x] - v);
                }
            }
        }
        return sum / r.area();
    }



    /** {min, max, mean} of the values seen so far. */
    private static void accumulate(double[] stats, double v, int n) {
        stats[0] = Math.min(stats[0], v);
        stats[1] = Math.max(stats[1], v);
        stats[2] += v / n;
    }

    static String images(List<Evaluation.Sample> samples) {
        int minW = Integer.MAX_VALUE, maxW = 0, minH = Integer.MAX_VALUE, maxH = 0;
        for (Evaluation.Sample s : samples) {
            minW = Math.min(minW, s.truth().width());
            maxW = Math.max(maxW, s.truth().width());
            minH = Math.min(minH, s.truth().height());
            maxH = Math.max(maxH, s.truth().height());
        }
        String size = minW == maxW && minH == maxH ? minW + "×" + minH
                : "widths " + minW + "–" + maxW + ", heights " + minH + "–" + maxH;
        return samples.size() + " image" + (samples.size() == 1 ? "" : "s") + " (" + size + ").";
    }
}
