package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.training.masks.HoleRatioBin;
import org.junit.jupiter.api.Test;

class FillGridTest {

    private static Evaluation.Sample sample(String name, int w, int h, int seed) {
        RgbImage img = RgbImage.blank(w, h);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (byte) (i * seed);
        }
        return new Evaluation.Sample(name, img);
    }

    @Test
    void theGridHoldsTheFirstImagesOfItsBinWithEveryEnginesFillBetweenInputAndTruth() {
        List<Evaluation.Sample> samples = List.of(sample("a", 30, 20, 7), sample("b", 24, 26, 11), sample("c", 30, 20, 13));
        List<Evaluation.Case> cases = Evaluation.freeFormCases(samples, HoleRatioBin.PAPER_BINS, 5);
        FillGrid grid = new FillGrid("(0.2,0.3]", 2);
        List<Evaluation.CaseResult> results = Evaluation.score(cases, List.of(
                new EngineSelection.Choice(MeanFill.NAME, MeanFill::new),
                new EngineSelection.Choice("copy", MeanFill::new)), RoiPlanner.withDefaults(), s -> { }, grid);

        assertEquals(2 * cases.size(), results.size());
        assertEquals(List.of("a", "b"), grid.images());
        assertEquals(List.of(MeanFill.NAME, "copy"), grid.engines());
        RgbImage image = grid.image().orElseThrow();
        // columns as wide as their widest image (30, 30, 30, 30), rows as tall as their tallest (20, 26), gaps of 4
        assertEquals(4 * 30 + 3 * 4, image.width());
        assertEquals(20 + 26 + 4, image.height());
        // the truth of row b in the last column, pixel for pixel
        RgbImage truthB = samples.get(1).truth();
        for (int y = 0; y < truthB.height(); y++) {
            for (int x = 0; x < truthB.width(); x++) {
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(truthB.get(x, y, ch), image.get(3 * 34 + x, 24 + y, ch));
                }
            }
        }
        // the input column shows b's holes white
        Evaluation.Case caseB = cases.stream().filter(c -> c.group().equals("(0.2,0.3]") && c.sample().name().equals("b"))
                .findFirst().orElseThrow();
        Mask holes = caseB.mask();
        int white = 0;
        for (int y = 0; y < holes.height(); y++) {
            for (int x = 0; x < holes.width(); x++) {
                if (holes.isHole(x, y)) {
                    assertEquals(255, image.get(x, 24 + y, 0));
                    white++;
                }
            }
        }
        assertTrue(white > 0.2 * holes.width() * holes.height(), "holes of the bin: " + white);
    }

    @Test
    void aBinWithNoScoredCaseGivesNoGrid() {
        FillGrid grid = new FillGrid("(0.5,0.6]", 3);
        Evaluation.Sample s = sample("a", 20, 20, 3);
        Evaluation.score(List.of(new Evaluation.Case(s, "(0.1,0.2]", Mask.ofBoxes(20, 20, List.of(new Rect(2, 2, 6, 6))))),
                List.of(new EngineSelection.Choice(MeanFill.NAME, MeanFill::new)), RoiPlanner.withDefaults(), x -> { }, grid);
        assertTrue(grid.image().isEmpty());
        assertArrayEquals(new Object[0], grid.images().toArray());
    }
}
