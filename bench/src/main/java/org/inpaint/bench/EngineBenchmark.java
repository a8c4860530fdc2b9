package org.inpaint.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.testkit.Samples;
import org.inpaint.training.masks.FreeFormMasks;
import org.inpaint.training.masks.HoleRatioBin;

/**
 * Times engines side by side on the same real photos and seeded free-form holes: the raw engine call on the whole
 * image and the full {@link Inpainter} path (ROI planning, scaling, compositing), median over several runs after
 * warm-up. Ratios are against the first engine listed.
 */
public final class EngineBenchmark {

    /** Median and spread of one engine's timings. */
    public record Result(String engine, double rawMedianMs, double rawMinMs, double rawMaxMs, double pipelineMedianMs) {
    }

    private final int size;
    private final HoleRatioBin holes;
    private final int warmups;
    private final int runs;
    private final List<RgbImage> images = new ArrayList<>();
    private final List<Mask> masks = new ArrayList<>();

    /**
     * @param size     side of the square test images (crops of the sample photos, scaled so the short side fits)
     * @param holes    the hole-ratio range of the seeded free-form masks
     * @param photos   how many sample photos to cycle through
     */
    public EngineBenchmark(int size, HoleRatioBin holes, int photos, int warmups, int runs, long seed) {
        this.size = size;
        this.holes = holes;
        this.warmups = warmups;
        this.runs = runs;
        ImageCodec codec = ImageCodec.withDefaults();
        List<String> names = Samples.photos().stream()
                .filter(n -> {
                    RgbImage img = codec.decode(Samples.photo(n), n).image();
                    return Math.min(img.width(), img.height()) >= size;
                })
                .limit(photos).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no sample photo has a short side of at least " + size);
        }
        for (int i = 0; i < names.size(); i++) {
            RgbImage img = codec.decode(Samples.photo(names.get(i)), names.get(i)).image();
            RgbImage crop = img.crop(new Rect((img.width() - size) / 2, (img.height() - size) / 2, size, size));
            images.add(crop);
            masks.add(new FreeFormMasks(holes).sample(size, size, seed + i));
        }
    }

    public String describe() {
        double ratio = masks.stream().mapToDouble(Mask::holeRatio).average().orElse(0);
        return String.format(Locale.ROOT, "%d photos, %dx%d, free-form holes %s (mean %.1f%%), %d warm-up + %d timed runs each",
                images.size(), size, size, holes.label(), 100 * ratio, warmups, runs);
    }

    public Result run(EngineRegistry registry, String engineName, RoiPlanner planner) {
        double[] raw = new double[runs * images.size()];
        double[] pipeline = new double[runs * images.size()];
        try (InpaintEngine engine = registry.create(engineName); Inpainter inpainter = new Inpainter(registry.create(engineName), planner)) {
            for (int w = 0; w < warmups; w++) {
                engine.inpaint(List.of(new EngineInput(images.get(0), masks.get(0))));
                inpainter.inpaint(images.get(0), masks.get(0));
            }
            int k = 0;
            for (int r = 0; r < runs; r++) {
                for (int i = 0; i < images.size(); i++) {
                    long t0 = System.nanoTime();
                    engine.inpaint(List.of(new EngineInput(images.get(i), masks.get(i))));
                    long t1 = System.nanoTime();
                    inpainter.inpaint(images.get(i), masks.get(i));
                    long t2 = System.nanoTime();
                    raw[k] = (t1 - t0) / 1e6;
                    pipeline[k] = (t2 - t1) / 1e6;
                    k++;
                }
            }
        }
        Arrays.sort(raw);
        Arrays.sort(pipeline);
        return new Result(engineName, median(raw), raw[0], raw[raw.length - 1], median(pipeline));
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** A Markdown table; ratios are to the first result. */
    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| engine | median ms (engine) | min | max | median ms (Inpainter: ROI + composite) | pipeline / engine | engine vs ")
                .append(results.get(0).engine()).append(" |\n|---|---:|---:|---:|---:|---:|---:|\n");
        double base = results.get(0).rawMedianMs();
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2fx |%n", r.engine(),
                    r.rawMedianMs(), r.rawMinMs(), r.rawMaxMs(), r.pipelineMedianMs(),
                    r.pipelineMedianMs() / r.rawMedianMs(), r.rawMedianMs() / base));
        }
        return sb.toString();
    }
}
