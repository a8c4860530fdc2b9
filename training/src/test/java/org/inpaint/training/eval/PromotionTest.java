package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromotionTest {

    private static final List<String> BINS = List.of("(0.1,0.2]", "(0.2,0.3]", "(0.3,0.4]");

    /** Rows of one engine with these PSNRs per bin (the other measures are irrelevant to the rule). */
    private static List<EvalRow> rows(String engine, double... psnr) {
        List<EvalRow> rows = new ArrayList<>();
        for (int i = 0; i < psnr.length; i++) {
            rows.add(new EvalRow(engine, BINS.get(i), 32, 1, 1, psnr[i], 0.9, 5, psnr[i] - 10, 0.6, 0, 20));
        }
        return rows;
    }

    /** The same rows with this rim roughness in every bin. */
    private static List<EvalRow> rimRoughness(List<EvalRow> rows, double rim) {
        return rows.stream().map(r -> new EvalRow(r.engine(), r.group(), r.images(), r.l1Percent(), r.l2Percent(), r.psnr(),
                r.ssim(), r.tvPercent(), r.psnrHole(), r.ssimHole(), rim, r.msPerImage())).toList();
    }

    private static List<EvalRow> all(List<EvalRow>... parts) {
        List<EvalRow> rows = new ArrayList<>();
        for (List<EvalRow> p : parts) {
            rows.addAll(p);
        }
        return rows;
    }

    @Test
    void aboveTheFloorEverywhereAndBetterThanTheServedVersionIsPromoted() {
        Promotion.Verdict v = Promotion.judge(all(rows("ns", 31, 27, 25), rows("served", 32, 28, 26), rows("new", 32.2, 28.1, 26.05)),
                "ns", "served", "new");
        assertTrue(v.promote(), v.reason());
        assertEquals(3, v.margins().size());
        assertEquals(1.05, v.margins().get(2).overFloor(), 1e-9);
        assertEquals(26.0, v.margins().get(2).served().getAsDouble(), 1e-9);
        assertTrue(v.reason().contains("+1.05 dB at least"), v.reason());
    }

    @Test
    void oneBinAtOrBelowTheFloorRefusesItAndNamesTheBins() {
        Promotion.Verdict v = Promotion.judge(all(rows("ns", 31, 27, 25), rows("new", 33, 27, 24.5)), "ns", null, "new");
        assertFalse(v.promote());
        assertTrue(v.reason().contains("(0.2,0.3] (+0.00 dB)") && v.reason().contains("(0.3,0.4] (-0.50 dB)"), v.reason());
        assertFalse(v.reason().contains("(0.1,0.2]"), v.reason());
    }

    @Test
    void aboveTheFloorButNotBetterThanTheServedVersionOverTheBinsIsRefused() {
        // better at two bins, worse over the three
        Promotion.Verdict v = Promotion.judge(all(rows("ns", 31, 27, 25), rows("served", 32, 28, 27), rows("new", 32.1, 28.1, 26)),
                "ns", "served", "new");
        assertFalse(v.promote());
        assertTrue(v.reason().contains("not better than served"), v.reason());
    }

    /** A gain over the served version too small to tell from noise (the lbam psnr warm start's +0.01 dB) is refused. */
    @Test
    void aGainOverTheServedVersionBelowTheMinimumIsRefusedAndTheMinimumCanBeLowered() {
        List<EvalRow> rows = all(rows("ns", 31, 27, 25), rows("served", 32, 28, 26), rows("new", 32.03, 28.01, 26.0));
        Promotion.Verdict v = Promotion.judge(rows, "ns", "served", "new");
        assertFalse(v.promote());
        assertTrue(v.reason().contains("not better than served by 0.05 dB") && v.reason().contains("+0.013"), v.reason());
        assertTrue(Promotion.judge(rows, "ns", "served", "new", 0.01).promote());
        assertFalse(Promotion.judge(rows, "ns", "served", "new", 0.02).promote());
        // a minimum of zero still wants a gain
        assertFalse(Promotion.judge(all(rows("ns", 31, 27, 25), rows("served", 32, 28, 26), rows("new", 32, 28, 26)),
                "ns", "served", "new", 0).promote());
    }

    /** Deepfill's seams: a faint line along the hole's edge that PSNR does not see; rim roughness does. */
    @Test
    void aBetterVersionThatIsRougherAlongTheRimsThanTheServedOneIsRefusedAndSaysBy() {
        List<EvalRow> ns = rimRoughness(rows("ns", 31, 27, 25), -0.5);
        List<EvalRow> served = rimRoughness(rows("served", 32, 28, 26), 0.1);
        Promotion.Verdict seamed = Promotion.judge(all(ns, served, rimRoughness(rows("new", 32.2, 28.2, 26.2), 0.45)),
                "ns", "served", "new");
        assertFalse(seamed.promote());
        assertTrue(seamed.reason().contains("rougher along the holes' rims by +0.35 grey levels"), seamed.reason());
        // within the tolerance, and smoother, it is promoted; a NaN bin (no rim) does not count
        assertTrue(Promotion.judge(all(ns, served, rimRoughness(rows("new", 32.2, 28.2, 26.2), 0.25)), "ns", "served", "new").promote());
        List<EvalRow> smoother = new ArrayList<>(rimRoughness(rows("new", 32.2, 28.2, 26.2), -0.2));
        smoother.set(0, rimRoughness(List.of(smoother.get(0)), Double.NaN).get(0));
        assertTrue(Promotion.judge(all(ns, served, smoother), "ns", "served", "new").promote());
    }

    @Test
    void withoutAServedVersionTheFloorAloneDecides() {
        Promotion.Verdict v = Promotion.judge(all(rows("ns", 31, 27, 25), rows("new", 31.01, 27.01, 25.01)), "ns", null, "new");
        assertTrue(v.promote(), v.reason());
        assertTrue(v.reason().contains("no version is served yet"), v.reason());
        assertTrue(v.margins().get(0).served().isEmpty());
    }

    @Test
    void aCandidateMissingFromTheRowsIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Promotion.judge(rows("ns", 31, 27, 25), "ns", null, "new"));
        assertTrue(e.getMessage().contains("new"), e.getMessage());
    }
}
