package org.inpaint.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.testkit.Samples;
import org.inpaint.training.eval.Evaluation;
import org.inpaint.training.masks.HoleRatioBin;
import org.inpaint.training.masks.MixedMasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationSetTest {

    static PhotoCache photos;

    @BeforeAll
    static void load(@TempDir Path dir) {
        Samples.copyPhotosTo(dir);
        ImageDataset d = ImageDataset.scan(dir);
        photos = PhotoCache.load(d, d.files().subList(0, 3), 96, 1.0);
    }

    @Test
    void perBinValidationGivesEveryPhotoTheStrokesAPromotionDrawsInEachBin() {
        ValidationSet set = ValidationSet.perBin(photos, HoleRatioBin.PAPER_BINS, 96, 3, 17, Prefill.NS);
        assertTrue(set.byBin());
        assertEquals(15, set.size());
        assertEquals(HoleRatioBin.PAPER_BINS.stream().map(HoleRatioBin::label).toList(), List.copyOf(set.baselineByGroup().keySet()));
        List<Batch> batches = set.batches(4);
        List<Mask> masks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        batches.forEach(b -> {
            masks.addAll(b.masks());
            names.addAll(b.sources());
        });
        for (int i = 0; i < set.size(); i++) {
            HoleRatioBin bin = HoleRatioBin.PAPER_BINS.get(i / 3);
            assertEquals(bin.label(), set.group(i));
            assertTrue(bin.contains(masks.get(i).holeRatio()), "case " + i + " ratio " + masks.get(i).holeRatio() + " in " + bin);
            // the evaluation's mask for a photo of this name and size, in this bin, with this seed
            Evaluation.Sample sample = new Evaluation.Sample(names.get(i), batches.get(i / 4).images().get(i % 4));
            Mask promoted = Evaluation.freeFormCases(List.of(sample), List.of(bin), 17).get(0).mask();
            assertEquals(promoted, masks.get(i), "case " + i);
        }
        // every bin holds as many cases, so the mean over the bins is the mean over the cases
        double meanOfBins = set.baselineByGroup().values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertEquals(set.baselinePsnr(), meanOfBins, 1e-9);
        // larger holes lower the floor
        assertTrue(set.baselineByGroup().get("(0.1,0.2]") > set.baselineByGroup().get("(0.5,0.6]"), set.baselineByGroup().toString());
    }

    @Test
    void oneMaskPerPhotoIsOneGroup() {
        ValidationSet set = ValidationSet.of(photos, MixedMasks.measuredFamilies(), 96, 3, 17, Prefill.NONE);
        assertFalse(set.byBin());
        assertEquals(3, set.size());
        assertEquals(List.of(ValidationSet.ALL), List.copyOf(set.baselineByGroup().keySet()));
        assertEquals(set.baselinePsnr(), set.baselineByGroup().get(ValidationSet.ALL), 1e-9);
    }
}
