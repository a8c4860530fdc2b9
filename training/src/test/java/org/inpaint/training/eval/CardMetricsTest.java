package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardMetricsTest {

    @Test
    void aCardKeepsEveryMeasureOfItsEngineByBinAndLeavesOutARimRoughnessThatIsNotDefined() {
        List<EvalRow> rows = List.of(
                new EvalRow("lbam", "(0.1,0.2]", 32, 1.5, 0.2, 32.4, 0.95, 4.1, 24.6, 0.7, -0.05, 60),
                new EvalRow("lbam", "box", 32, 3.5, 0.9, 26.1, 0.9, 4.0, 20.1, 0.5, Double.NaN, 60),
                new EvalRow("ns", "(0.1,0.2]", 32, 1.7, 0.3, 31.1, 0.94, 4.2, 23.3, 0.6, -0.03, 2));
        Map<String, Double> card = CardMetrics.of(rows, "lbam");
        assertEquals(32.4, card.get("psnr_(0.1,0.2]"));
        assertEquals(24.6, card.get("psnr_hole_(0.1,0.2]"));
        assertEquals(-0.05, card.get("rim_roughness_(0.1,0.2]"));
        assertEquals(26.1, card.get("psnr_box"));
        assertFalse(card.containsKey("rim_roughness_box"));
        assertEquals(13, card.size());
        assertEquals(-0.03, CardMetrics.references(rows, "ns").get("ref:ns:rim_roughness_(0.1,0.2]"));
    }
}
