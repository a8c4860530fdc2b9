package org.inpaint.ingest.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.segment.Clicks;
import org.inpaint.core.segment.Scribbles;
import org.inpaint.core.segment.Segmenter;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

/**
 * Object selection from a box, scored on composites whose object is known exactly (irregular cut-outs of the
 * bundled photos over other bundled photos), against plain GrabCut on the same boxes.
 */
class SegmenterOnCompositesTest {

    private static RgbImage photo(String name) {
        return ImageCodec.withDefaults().decode(Samples.photo(name), name).image();
    }

    @Test
    void theSegmenterFindsTheObjectBetterThanPlainGrabCut() {
        List<String> photos = Samples.photos();
        Random rnd = new Random(5);
        Segmenter segmenter = new Segmenter();
        double recall = 0, precision = 0, plainRecall = 0, minRecall = 1;
        int n = 16;
        for (int i = 0; i < n; i++) {
            Composites.Composite c = Composites.make(photo(photos.get(rnd.nextInt(photos.size()))),
                    photo(photos.get(rnd.nextInt(photos.size()))), rnd, 512, 0.05);
            double[] ours = score(segmenter.fromBox(c.image(), c.box(), "box"), c.object());
            double[] plain = score(Segmenter.grabCut(c.image(), c.box(), "box"), c.object());
            recall += ours[0];
            precision += ours[1];
            plainRecall += plain[0];
            minRecall = Math.min(minRecall, ours[0]);
        }
        recall /= n;
        precision /= n;
        plainRecall /= n;
        System.out.printf("segmenter on %d composites: recall %.3f (min %.3f) precision %.3f; plain GrabCut recall %.3f%n", n,
                recall, minRecall, precision, plainRecall);
        // Measured: recall 0.994 (min 0.957), precision 0.877; plain GrabCut recall 0.959 (on 40 val-photo
        // composites: 0.991 (min 0.924) / 0.887 against 0.924, docs/quality.md)
        assertTrue(recall >= 0.97, "recall " + recall);
        assertTrue(minRecall >= 0.9, "min recall " + minRecall);
        assertTrue(precision >= 0.85, "precision " + precision);
        assertTrue(recall > plainRecall + 0.02, recall + " vs plain " + plainRecall);
    }

    @Test
    void oneClickOnTheObjectSelectsMostOfIt() {
        List<String> photos = Samples.photos();
        Random rnd = new Random(5);
        Segmenter segmenter = new Segmenter();
        double recall = 0, precision = 0;
        int n = 16;
        for (int i = 0; i < n; i++) {
            Composites.Composite c = Composites.make(photo(photos.get(rnd.nextInt(photos.size()))),
                    photo(photos.get(rnd.nextInt(photos.size()))), rnd, 512, 0.05);
            int[] click = c.click();
            assertTrue(c.object().isHole(click[0], click[1]), "the click is on the object");
            Mask m = segmenter.fromClicks(c.image(), new Clicks(List.of(click), List.of()), "points");
            assertTrue(m.isHole(click[0], click[1]), "the clicked pixel is selected");
            double[] ours = score(m, c.object());
            recall += ours[0];
            precision += ours[1];
        }
        recall /= n;
        precision /= n;
        System.out.printf("one click on %d composites: recall %.3f precision %.3f%n", n, recall, precision);
        // Measured here: recall 0.917, precision 0.816 (40 val-photo composites: 0.770 / 0.865; a box does
        // better, 0.983 / 0.891, docs/quality.md)
        assertTrue(recall >= 0.75, "recall " + recall);
        assertTrue(precision >= 0.7, "precision " + precision);
    }

    @Test
    void oneStrokeOverTheObjectSelectsMoreOfItThanOneClick() {
        List<String> photos = Samples.photos();
        Random rnd = new Random(5);
        Segmenter segmenter = new Segmenter();
        double recall = 0, precision = 0, clickRecall = 0;
        int n = 16;
        for (int i = 0; i < n; i++) {
            Composites.Composite c = Composites.make(photo(photos.get(rnd.nextInt(photos.size()))),
                    photo(photos.get(rnd.nextInt(photos.size()))), rnd, 512, 0.05);
            List<int[]> stroke = c.scribble();
            assertTrue(stroke.size() >= 2 && stroke.stream().allMatch(p -> c.object().isHole(p[0], p[1])), "a stroke on the object");
            Mask m = segmenter.fromScribbles(c.image(), new Scribbles(List.of(stroke), List.of()), "scribbles");
            assertTrue(m.isHole(stroke.get(0)[0], stroke.get(0)[1]), "the stroke's start is selected");
            double[] ours = score(m, c.object());
            recall += ours[0] / n;
            precision += ours[1] / n;
            clickRecall += score(segmenter.fromClicks(c.image(), new Clicks(List.of(c.click()), List.of()), "points"), c.object())[0] / n;
        }
        System.out.printf("one stroke on %d composites: recall %.3f precision %.3f (one click: recall %.3f)%n", n, recall,
                precision, clickRecall);
        // Measured here: 0.953 / 0.831 (one click 0.917); on 40 val-photo composites 0.927 / 0.807 against one click's 0.770 / 0.865
        assertTrue(recall >= 0.85, "recall " + recall);
        assertTrue(recall > clickRecall, "a stroke tells more of the object's extent than a click: " + recall + " vs " + clickRecall);
        assertTrue(precision >= 0.7, "precision " + precision);
    }

    @Test
    void strokesOutsideTheImageOrNoneOnTheObjectAreBadInputsNamingTheField() {
        RgbImage image = RgbImage.blank(64, 48);
        Segmenter segmenter = new Segmenter();
        List<int[]> inside = List.of(new int[] {3, 3}, new int[] {20, 30});
        for (Scribbles bad : List.of(new Scribbles(List.of(), List.of(inside)),
                new Scribbles(List.of(List.of(new int[] {3, 3}, new int[] {10, 48})), List.of()),
                new Scribbles(List.of(inside), List.of(List.of(new int[] {-1, 3}))))) {
            InpaintException e = assertThrows(InpaintException.class, () -> segmenter.fromScribbles(image, bad, "scribbles"));
            assertEquals("scribbles", e.field());
            assertEquals(InpaintException.Kind.BAD_INPUT, e.kind());
        }
        InpaintException parse = assertThrows(InpaintException.class,
                () -> Scribbles.parse(List.of("1,2;3,4;5"), List.of(), "--scribble"));
        assertEquals("--scribble", parse.field());
    }

    @Test
    void clicksOutsideTheImageOrNoneOnTheObjectAreBadInputsNamingTheField() {
        RgbImage image = RgbImage.blank(64, 48);
        Segmenter segmenter = new Segmenter();
        for (Clicks bad : List.of(new Clicks(List.of(new int[] {64, 10}), List.of()), new Clicks(List.of(), List.of(new int[] {3, 3})),
                new Clicks(List.of(new int[] {3, 3}), List.of(new int[] {-1, 3})))) {
            InpaintException e = assertThrows(InpaintException.class, () -> segmenter.fromClicks(image, bad, "points"));
            assertEquals("points", e.field());
            assertEquals(InpaintException.Kind.BAD_INPUT, e.kind());
        }
        InpaintException parse = assertThrows(InpaintException.class, () -> Clicks.parse("1,2;3", null, "--click"));
        assertEquals("--click", parse.field());
    }

    @Test
    void boxesOutsideTheImageOrWithoutAreaAreBadInputsNamingTheField() {
        RgbImage image = RgbImage.blank(64, 48);
        Segmenter segmenter = new Segmenter();
        for (Rect bad : List.of(new Rect(60, 10, 10, 10), new Rect(-1, 0, 10, 10), new Rect(0, 0, 0, 10), new Rect(5, 5, 2, 2))) {
            InpaintException e = assertThrows(InpaintException.class, () -> segmenter.fromBox(image, bad, "select"));
            assertEquals("select", e.field());
            assertEquals(InpaintException.Kind.BAD_INPUT, e.kind());
        }
        InpaintException parse = assertThrows(InpaintException.class, () -> Segmenter.parseBoxes(List.of("1,2,3"), "box"));
        assertEquals("box", parse.field());
    }

    private static double[] score(Mask predicted, Mask truth) {
        long tp = 0, fp = 0, fn = 0;
        for (int k = 0; k < truth.data().length; k++) {
            boolean p = predicted.data()[k] != 0, t = truth.data()[k] != 0;
            if (p && t) {
                tp++;
            } else if (p) {
                fp++;
            } else if (t) {
                fn++;
            }
        }
        return new double[] {tp / (double) (tp + fn), tp / (double) Math.max(1, tp + fp)};
    }
}
