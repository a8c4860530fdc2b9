package org.inpaint.inference.neural.weights;

import org.inpaint.inference.neural.Prefill;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a set of weights is: the network and its width, what it was trained on and for how long, how it
 * measured, and where it departs from the paper. Stored as {@code card.json} beside the parameters.
 *
 * @param metrics       measured results, e.g. "psnr_hole_(0.1,0.2]" -> 21.3
 * @param deviations    where training or architecture departs from the paper, and why
 * @param prefill       what the network reads in the holes: "none" (zeros, the papers) or a classical prefill
 *                      ("ns", "telea") that it predicts a residual over; cards older than the setting read "none"
 */
public record ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                        String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                        List<String> deviations, String prefill) {

    public ModelCard {
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        deviations = deviations == null ? List.of() : List.copyOf(deviations);
        prefill = Prefill.of(prefill).label();
    }

    /** A card for a network with the papers' input (no prefill). */
    public ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                     String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                     List<String> deviations) {
        this(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics, deviations, null);
    }

    /** The prefill setting as an enum. */
    public Prefill prefillSetting() {
        return Prefill.of(prefill);
    }
}
