package org.inpaint.training.masks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.InpaintException;
import org.junit.jupiter.api.Test;

class TrainingMasksTest {

    @Test
    void theDefaultIsTheMeasuredFamiliesAndDrawsTheSameMasksAsBefore() {
        TrainingMasks measured = TrainingMasks.of(null, "masks");
        assertTrue(measured.isMeasured());
        assertEquals("measured", measured.label());
        assertEquals(TrainingMasks.MEASURED, TrainingMasks.of("measured:3,3,3,3,3", "masks"), "equal weights are no weights");
        // the same seeded sequence as the sampler runs trained with before the setting existed
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 40; i++) {
            assertEquals(MixedMasks.measuredFamilies().sample(64, 64, a), measured.sampler().sample(64, 64, b));
        }
    }

    @Test
    void binWeightsSetHowOftenEachBinIsDrawn() {
        TrainingMasks smallFirst = TrainingMasks.of("free-form:3,1,0,0,0", "masks");
        assertEquals("free-form:3,1,0,0,0", smallFirst.label());
        int[] counts = new int[HoleRatioBin.PAPER_BINS.size()];
        SplittableRandom random = new SplittableRandom(1);
        int n = 400;
        for (int i = 0; i < n; i++) {
            double ratio = smallFirst.sampler().sample(64, 64, random).holeRatio();
            counts[HoleRatioBin.PAPER_BINS.indexOf(HoleRatioBin.paperBinOf(ratio))]++;
        }
        assertEquals(0, counts[2] + counts[3] + counts[4], "bins weighted 0 are never drawn");
        assertEquals(0.75, counts[0] / (double) n, 0.06, "3 of 4 draws from (0.1,0.2]");
        assertTrue(smallFirst.deviation().contains("free-form strokes only") && smallFirst.deviation().contains("3:1:0:0:0"),
                smallFirst.deviation());
    }

    @Test
    void badSettingsNameTheField() {
        for (String bad : List.of("strokes", "free-form:1,1,1", "free-form:1,1,x,1,1", "free-form:0,0,0,0,0", "measured:1,1,1,1,99")) {
            InpaintException e = assertThrows(InpaintException.class, () -> TrainingMasks.of(bad, "masks"), bad);
            assertEquals("masks", e.field(), bad);
            assertTrue(e.getMessage().contains(bad.contains(":") ? bad : "'" + bad + "'"), e.getMessage());
        }
    }
}
