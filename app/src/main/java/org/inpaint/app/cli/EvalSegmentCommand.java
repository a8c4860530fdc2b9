package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.segment.Clicks;
import org.inpaint.core.segment.Scribbles;
import org.inpaint.core.segment.Segmenter;
import org.inpaint.ingest.synth.Composites;
import org.inpaint.training.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "segment", mixinStandardHelpOptions = true, description = {
    "Score object selection from a box on composites whose object is known exactly (an irregular cut-out of one",
    "photo over another, the box its bounds plus a margin): recall, precision and IoU of the object's pixels and",
    "the median time, for the project's segmenter and for plain GrabCut side by side, for one click on the",
    "object's innermost pixel instead of the box, and for one stroke through the innermost pixels of its top,",
    "middle and bottom thirds."})
public final class EvalSegmentCommand implements Callable<Integer> {

    @Option(names = "--photos", paramLabel = "DIR", description = "Photos for scenes and objects (default: ${DEFAULT-VALUE}).")
    Path photos = Path.of("../shared/data/photos/val");

    @Option(names = "--count", description = "Composites (default: ${DEFAULT-VALUE}).")
    int count = 40;

    @Option(names = "--size", description = "Longer side of a composite in pixels (default: ${DEFAULT-VALUE}).")
    int size = 512;

    @Option(names = "--margin", description = "The box's margin around the object, as a fraction of its size (default: ${DEFAULT-VALUE}).")
    double margin = 0.05;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 17;

    @Spec
    CommandSpec spec;

    /** Recall, precision, IoU and milliseconds of one method over the composites. */
    record Scores(double[] recall, double[] precision, double[] iou, double[] millis) {
        static Scores of(int n) {
            return new Scores(new double[n], new double[n], new double[n], new double[n]);
        }

        String line(String name) {
            double[] ms = millis.clone();
            Arrays.sort(ms);
            return String.format(Locale.ROOT, "%-10s recall %.3f (min %.3f)  precision %.3f (min %.3f)  IoU %.3f  median %.0f ms",
                    name, mean(recall), Arrays.stream(recall).min().orElse(0), mean(precision), Arrays.stream(precision).min().orElse(0),
                    mean(iou), ms[ms.length / 2]);
        }
    }

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<Path> files = ImageDataset.scan(photos).files();
        ImageCodec codec = ImageCodec.withDefaults();
        Random rnd = new Random(seed);
        Segmenter segmenter = new Segmenter();
        Scores ours = Scores.of(count);
        Scores plain = Scores.of(count);
        Scores clicked = Scores.of(count);
        Scores scribbled = Scores.of(count);
        for (int i = 0; i < count; i++) {
            RgbImage scene = codec.read(files.get(rnd.nextInt(files.size())), "--photos").image();
            RgbImage source = codec.read(files.get(rnd.nextInt(files.size())), "--photos").image();
            Composites.Composite c = Composites.make(scene, source, rnd, size, margin);
            long t0 = System.nanoTime();
            Mask a = segmenter.fromBox(c.image(), c.box(), "box");
            long t1 = System.nanoTime();
            Mask b = Segmenter.grabCut(c.image(), c.box(), "box");
            long t2 = System.nanoTime();
            Mask k = segmenter.fromClicks(c.image(), new Clicks(List.of(c.click()), List.of()), "points");
            long t3 = System.nanoTime();
            Mask s = segmenter.fromScribbles(c.image(), new Scribbles(List.of(c.scribble()), List.of()), "scribbles");
            long t4 = System.nanoTime();
            score(ours, i, a, c.object(), (t1 - t0) / 1e6);
            score(plain, i, b, c.object(), (t2 - t1) / 1e6);
            score(clicked, i, k, c.object(), (t3 - t2) / 1e6);
            score(scribbled, i, s, c.object(), (t4 - t3) / 1e6);
        }
        w.printf(Locale.ROOT, "%d composites of %d px, boxes with a %.0f %% margin%n", count, size, 100 * margin);
        w.println(ours.line("segmenter"));
        w.println(plain.line("grabcut"));
        w.println(clicked.line("one click"));
        w.println(scribbled.line("one stroke"));
        return 0;
    }

    private static void score(Scores s, int i, Mask predicted, Mask truth, double millis) {
        long tp = 0, fp = 0, fn = 0;
        byte[] p = predicted.data(), t = truth.data();
        for (int k = 0; k < p.length; k++) {
            if (p[k] != 0 && t[k] != 0) {
                tp++;
            } else if (p[k] != 0) {
                fp++;
            } else if (t[k] != 0) {
                fn++;
            }
        }
        s.recall()[i] = tp / (double) Math.max(1, tp + fn);
        s.precision()[i] = tp / (double) Math.max(1, tp + fp);
        s.iou()[i] = tp / (double) Math.max(1, tp + fp + fn);
        s.millis()[i] = millis;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
