package org.inpaint.training.run;

import java.util.Map;

/**
 * What a run reports after each step and at each event.
 *
 * @param event   "started", "validated" (a warm start's score before its first step), "step", "sample", "checkpoint",
 *                "finished", "stopped" or "failed"
 * @param file    for "sample" and "checkpoint", the file or directory written (relative to the run directory)
 * @param valL1   for "checkpoint", the validation L1 in the holes (mean absolute error, [0, 1] scale)
 */
public record Progress(String event, long step, long steps, Map<String, Float> losses, double imagesPerSecond,
                       double etaSeconds, String file, Double valL1, String message) {

    public Progress {
        losses = losses == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(losses));
    }
}
