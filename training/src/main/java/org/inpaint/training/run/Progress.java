package org.inpaint.training.run;

import java.util.Map;
import java.util.Optional;

/**
 * What a run reports after each step and at each event.
 *
 * @param event   "started", "validated" (a warm start's score before its first step), "step", "sample", "checkpoint",
 *                "finished", "stopped" or "failed"
 * @param file    for "sample" and "checkpoint", the file or directory written (relative to the run directory)
 * @param valL1   for "checkpoint", the validation L1 in the holes (mean absolute error, [0, 1] scale)
 * @param gains   for "checkpoint" and "validated", the validation PSNR's gain over the classical fill; null when the
 *                run has no validation photos
 */
public record Progress(String event, long step, long steps, Map<String, Float> losses, double imagesPerSecond,
                       double etaSeconds, String file, Double valL1, String message, Gains gains) {

    /**
     * The weights validation chose and their whole-image PSNR gain over the classical fill on the same cases, over
     * all of them and, when the run validates per hole-ratio bin, per bin ("(0.1,0.2]" to "(0.5,0.6]", in order).
     */
    public record Gains(double overallDb, String weights, Map<String, Double> byBinDb) {

        public Gains {
            byBinDb = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byBinDb));
        }

        /** The bin with the lowest gain, the one a promotion's bar is about; empty without bins. */
        public Optional<Map.Entry<String, Double>> worstBin() {
            return byBinDb.entrySet().stream().min(Map.Entry.comparingByValue());
        }
    }

    public Progress {
        losses = losses == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(losses));
    }

    /** An event without validation gains. */
    public Progress(String event, long step, long steps, Map<String, Float> losses, double imagesPerSecond,
                    double etaSeconds, String file, Double valL1, String message) {
        this(event, step, steps, losses, imagesPerSecond, etaSeconds, file, valL1, message, null);
    }
}
