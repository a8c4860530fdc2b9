package org.inpaint.inference.neural.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.inference.neural.SelfEnsemble;

/**
 * What a set of weights is: the network and its width, what it was trained on and for how long, how it
 * measured, and where it departs from the paper. Stored as {@code card.json} beside the parameters.
 *
 * @param metrics       measured results, e.g. "psnr_hole_(0.1,0.2]" -> 21.3
 * @param deviations    where training or architecture departs from the paper, and why
 * @param prefill       what the network reads in the holes: "none" (zeros, the papers) or a classical prefill
 *                      ("ns", "telea") that it predicts a residual over; cards older than the setting read "none"
 * @param selfEnsemble  how it is served: "none" (one pass), "mirror" (a left-right mirrored second pass, averaged) or
 *                      "flips" (four flipped passes, averaged;
 *                      {@link SelfEnsemble}); cards older than the setting read "none"
 * @param normalisation normalisation layers added to the network's layer plan: "none" (as built) or "instance"
 *                      ({@link Normalisation}); cards older than the setting read "none"
 * @param headSkip      what the image heads read besides the decoder: "none" (as built) or "encoder" ({@link HeadSkip});
 *                      cards older than the setting read "none"
 * @param rimTaper      how many pixels into the hole the residual over the prefill fades in over when served
 *                      ({@link RimTaper}); 0, and in cards older than the setting, none
 */
public record ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                        String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                        List<String> deviations, String prefill, String selfEnsemble, String normalisation,
                        String headSkip, int rimTaper) {

    public ModelCard {
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        deviations = deviations == null ? List.of() : List.copyOf(deviations);
        prefill = Prefill.of(prefill).label();
        selfEnsemble = SelfEnsemble.of(selfEnsemble, "selfEnsemble").label();
        normalisation = Normalisation.of(normalisation, "normalisation").label();
        headSkip = HeadSkip.of(headSkip, "headSkip").label();
        if (new RimTaper(rimTaper).pixels() > 0 && Prefill.of(prefill) == Prefill.NONE) {
            throw InpaintException.badInput("rimTaper", "a rim taper fades in a residual over a prefill, and this "
                    + architecture + " card has none");
        }
    }

    /** A card served without a rim taper. */
    public ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                     String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                     List<String> deviations, String prefill, String selfEnsemble, String normalisation,
                     String headSkip) {
        this(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics, deviations,
                prefill, selfEnsemble, normalisation, headSkip, 0);
    }

    /** A card served in one pass. */
    public ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                     String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                     List<String> deviations, String prefill) {
        this(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics, deviations, prefill, null, null, null);
    }

    /** A card for a network with the papers' input (no prefill). */
    public ModelCard(String architecture, String paper, double width, int inputSize, long parameters,
                     String trainingData, long steps, String createdAt, Map<String, Double> metrics,
                     List<String> deviations) {
        this(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics, deviations, null);
    }

    /** This card with other measured metrics. */
    public ModelCard withMetrics(Map<String, Double> measured) {
        return new ModelCard(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, measured,
                deviations, prefill, selfEnsemble, normalisation, headSkip, rimTaper);
    }

    /** This card served with another self-ensemble, its deviations saying so. */
    public ModelCard withSelfEnsemble(SelfEnsemble setting) {
        List<String> said = new java.util.ArrayList<>(deviations);
        selfEnsembleSetting().deviation().ifPresent(said::remove);
        setting.deviation().ifPresent(said::add);
        return new ModelCard(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics,
                said, prefill, setting.label(), normalisation, headSkip, rimTaper);
    }

    /** This card served with another rim taper, its deviations saying so. */
    public ModelCard withRimTaper(RimTaper setting) {
        List<String> said = new java.util.ArrayList<>(deviations);
        said.removeIf(RimTaper::isDeviation);
        setting.deviation().ifPresent(said::add);
        return new ModelCard(architecture, paper, width, inputSize, parameters, trainingData, steps, createdAt, metrics,
                said, prefill, selfEnsemble, normalisation, headSkip, setting.pixels());
    }

    /**
     * The measured whole-image PSNR over {@code reference}'s in the same evaluation, dB per hole-ratio bin, in the
     * card's order ({@code psnr_<bin>} against {@code ref:<reference>:psnr_<bin>}); empty when not measured so.
     */
    public Map<String, Double> psnrGainOver(String reference) {
        return psnrGains(metrics, reference);
    }

    /** {@link #psnrGainOver} of a card's metrics table. */
    public static Map<String, Double> psnrGains(Map<String, Double> metrics, String reference) {
        Map<String, Double> gains = new LinkedHashMap<>();
        metrics.forEach((key, value) -> {
            Double floor = metrics.get("ref:" + reference + ":" + key);
            if (key.startsWith("psnr_(") && floor != null) {
                gains.put(key.substring("psnr_".length()), value - floor);
            }
        });
        return gains;
    }

    /** The layer plan the weights were trained in: normalisation and head skip. */
    public LayerPlan layerPlan() {
        return LayerPlan.of(normalisation, headSkip);
    }

    /** The self-ensemble setting as an enum. */
    public SelfEnsemble selfEnsembleSetting() {
        return SelfEnsemble.of(selfEnsemble, "selfEnsemble");
    }

    /** The rim taper it is served with. */
    public RimTaper rimTaperSetting() {
        return new RimTaper(rimTaper);
    }

    /** The prefill setting as an enum. */
    public Prefill prefillSetting() {
        return Prefill.of(prefill);
    }
}
