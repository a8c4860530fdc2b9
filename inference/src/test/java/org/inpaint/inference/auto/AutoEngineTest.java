package org.inpaint.inference.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoEngineTest {

    @Test
    void eachRatioGetsTheNetworkFurthestAboveNavierStokesOrNavierStokesItself() {
        List<AutoEngine.Bin> table = new ArrayList<>();
        // lbam beats ns in the two lower bins, deepfill only in the second (by more), nobody in the third
        AutoEngine.merge(table, "lbam", Map.of(
                "psnr_(0.1,0.2]", 31.7, "ref:ns:psnr_(0.1,0.2]", 31.0,
                "psnr_(0.2,0.3]", 27.4, "ref:ns:psnr_(0.2,0.3]", 26.6,
                "psnr_(0.3,0.4]", 25.0, "ref:ns:psnr_(0.3,0.4]", 25.4,
                "psnr_hole_(0.1,0.2]", 99.0, "l1_pct_(0.1,0.2]", 0.1));
        AutoEngine.merge(table, "deepfill", Map.of(
                "psnr_(0.1,0.2]", 30.0, "ref:ns:psnr_(0.1,0.2]", 31.0,
                "psnr_(0.2,0.3]", 27.9, "ref:ns:psnr_(0.2,0.3]", 26.6));
        AutoEngine.merge(table, "swap", Map.of("psnr_(0.1,0.2]", 40.0)); // no reference: not comparable, ignored
        table.sort((a, b) -> Double.compare(a.lo(), b.lo()));
        AutoEngine auto = new AutoEngine(table, "ns");

        assertEquals("lbam", auto.choose(0.15).engine());
        assertEquals("deepfill", auto.choose(0.25).engine());
        assertEquals("ns", auto.choose(0.35).engine(), "no network above ns there");
        assertEquals("lbam", auto.choose(0.02).engine(), "below the first bin: the first bin's choice");
        assertEquals("ns", auto.choose(0.9).engine(), "above the last bin: the last bin's choice");
        String why = auto.choose(0.25).reason();
        assertTrue(why.contains("deepfill") && why.contains("+1.30 dB") && why.contains("(0.2,0.3]"), why);
        assertTrue(auto.describe().contains("(0.3,0.4] ns"), auto.describe());
    }

    @Test
    void withoutMeasuredNetworksEverythingGoesToTheFloor() {
        AutoEngine none = new AutoEngine(List.of(), "ns");
        assertEquals("ns", none.choose(0.3).engine());
        assertTrue(none.choose(0.3).reason().contains("no network"), none.choose(0.3).reason());
    }
}
