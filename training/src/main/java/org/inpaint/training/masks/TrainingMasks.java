package org.inpaint.training.masks;

import java.util.Collections;
import java.util.List;
import org.inpaint.core.InpaintException;

/**
 * The holes a reconstruction run trains on, as a run's setting spells them: {@code measured} (the evaluation's
 * families in the recipe's proportions, {@link MixedMasks#measuredFamilies()}) or {@code free-form} (strokes only,
 * the holes a promotion measures per bin), optionally followed by {@code :} and one integer weight per hole-ratio bin
 * of the strokes, {@link HoleRatioBin#PAPER_BINS} in order: {@code free-form:2,1,1,1,1} draws (0.1,0.2] twice as
 * often as each other bin. Validation measures the holes the run's {@code valMasks} names, whatever it trains on.
 */
public record TrainingMasks(String families, List<Integer> binWeights) {

    public static final List<String> FAMILIES = List.of("measured", "free-form");
    public static final TrainingMasks MEASURED = new TrainingMasks("measured", equalWeights());
    private static final int MAX_WEIGHT = 20;

    /** The weights are kept divided by their greatest common divisor: 2,2,2,2,2 draws as 1,1,1,1,1 does. */
    public TrainingMasks {
        int common = binWeights.stream().reduce(0, TrainingMasks::gcd);
        binWeights = binWeights.stream().map(w -> common == 0 ? w : w / common).toList();
    }

    /** Parses a setting; null or blank is {@link #MEASURED}. Errors name {@code field}. */
    public static TrainingMasks of(String spec, String field) {
        if (spec == null || spec.isBlank()) {
            return MEASURED;
        }
        String[] parts = spec.trim().split(":", 2);
        String families = parts[0];
        if (!FAMILIES.contains(families)) {
            throw InpaintException.badInput(field, "must be one of " + String.join(", ", FAMILIES)
                    + ", optionally with ':' and bin weights, got '" + spec + "'");
        }
        if (parts.length == 1) {
            return new TrainingMasks(families, equalWeights());
        }
        String[] numbers = parts[1].split(",");
        int bins = HoleRatioBin.PAPER_BINS.size();
        if (numbers.length != bins) {
            throw InpaintException.badInput(field, "needs " + bins + " bin weights, one per hole-ratio bin from (0.1,0.2] to "
                    + "(0.5,0.6], got " + numbers.length + " in '" + spec + "'");
        }
        List<Integer> weights = new java.util.ArrayList<>();
        for (String n : numbers) {
            int w;
            try {
                w = Integer.parseInt(n.trim());
            } catch (NumberFormatException e) {
                throw InpaintException.badInput(field, "bin weights must be whole numbers, got '" + n.trim() + "' in '" + spec + "'");
            }
            if (w < 0 || w > MAX_WEIGHT) {
                throw InpaintException.badInput(field, "bin weights must be in [0, " + MAX_WEIGHT + "], got " + w + " in '" + spec + "'");
            }
            weights.add(w);
        }
        if (weights.stream().mapToInt(Integer::intValue).sum() == 0) {
            throw InpaintException.badInput(field, "at least one bin weight must be positive, got '" + spec + "'");
        }
        return new TrainingMasks(families, weights);
    }

    /** The setting as {@link #of} reads it back, the weights left out when they are equal. */
    public String label() {
        return equal() ? families : families + ":" + String.join(",", binWeights.stream().map(String::valueOf).toList());
    }

    public MaskSampler sampler() {
        return families.equals("measured") ? MixedMasks.measuredFamilies(binWeights) : MixedMasks.freeFormBins(binWeights);
    }

    public boolean isMeasured() {
        return equals(MEASURED);
    }

    /** A line for a model card trained on other holes than the recipe's. */
    public String deviation() {
        String strokes = equal() ? "each hole-ratio bin equally likely"
                : "the hole-ratio bins (0.1,0.2] to (0.5,0.6] drawn in the proportions " + String.join(":",
                binWeights.stream().map(String::valueOf).toList());
        return (families.equals("measured") ? "Holes: the evaluation's families (70 % free-form strokes, 20 % a rectangle, "
                + "10 % the centred square), the strokes with " : "Holes: free-form strokes only (the holes a promotion measures), ")
                + strokes + " (--masks " + label() + ").";
    }

    private boolean equal() {
        return binWeights.stream().distinct().count() == 1;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static List<Integer> equalWeights() {
        return Collections.nCopies(HoleRatioBin.PAPER_BINS.size(), 1);
    }
}
