package org.inpaint.training.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation table as a model card stores it: {@code measure_bin -> value} for the network's own rows, and
 * {@code ref:<engine>:measure_bin} for the classical engines measured in the same run, the figures the "auto"
 * engine compares a network against.
 */
public final class CardMetrics {

    private CardMetrics() {
    }

    /** The rows of {@code engine}, keyed as a card stores them (e.g. {@code psnr_(0.1,0.2]}). */
    public static Map<String, Double> of(List<EvalRow> rows, String engine) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (EvalRow r : rows) {
            if (r.engine().equals(engine)) {
                m.put("l1_pct_" + r.group(), r.l1Percent());
                m.put("l2_pct_" + r.group(), r.l2Percent());
                m.put("psnr_" + r.group(), r.psnr());
                m.put("ssim_" + r.group(), r.ssim());
                m.put("tv_pct_" + r.group(), r.tvPercent());
                m.put("psnr_hole_" + r.group(), r.psnrHole());
                if (Double.isFinite(r.rimRoughness())) {
                    m.put("rim_roughness_" + r.group(), r.rimRoughness());
                }
            }
        }
        return m;
    }

    /** The rows of {@code engine} as references: {@code ref:<engine>:measure_bin}. */
    public static Map<String, Double> references(List<EvalRow> rows, String engine) {
        Map<String, Double> m = new LinkedHashMap<>();
        of(rows, engine).forEach((k, v) -> m.put("ref:" + engine + ":" + k, v));
        return m;
    }
}
