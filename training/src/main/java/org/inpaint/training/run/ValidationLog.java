package org.inpaint.training.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code val.jsonl} in the run directory: one line per validation, with the training steps' wall seconds and process
 * CPU seconds so far, so a run's learning curve can be plotted against CPU time beside the classical floor.
 */
final class ValidationLog {

    static final String FILE = "val.jsonl";

    private ValidationLog() {
    }

    /** Drops the lines of steps after {@code step}: a resumed run measures them again. */
    static void truncateAfter(Path runDirectory, long step) {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            java.util.List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> stepOf(l) <= step).toList();
            Files.write(file, kept, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }

    private static long stepOf(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"step\":(\\d+)").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    /**
     * @param cpuSeconds the process CPU seconds the steps took, or null where unknown (then left out of the line)
     * @param weights    the label of the weight set the scores are of
     * @param psnrs      each measured weight set's PSNR by label ({@code gain_<label>_db} in the line, over the floor)
     * @param binGains   the chosen weights' gain over the floor by hole-ratio bin ({@code gain_by_bin_db}), or empty
     *                   when validation does not split the cases by bin
     */
    static void append(Path runDirectory, long step, double trainSeconds, Double cpuSeconds, double holeL1, double psnr,
                       double baselinePsnr, String weights, java.util.Map<String, Double> psnrs, java.util.Map<String, Double> binGains) {
        String cpu = cpuSeconds == null ? "" : String.format(Locale.ROOT, "\"cpu_seconds\":%.1f,", cpuSeconds);
        StringBuilder each = new StringBuilder();
        psnrs.forEach((label, p) -> each.append(String.format(Locale.ROOT, ",\"gain_%s_db\":%.4f", label, p - baselinePsnr)));
        if (!binGains.isEmpty()) {
            each.append(",\"gain_by_bin_db\":{").append(String.join(",", binGains.entrySet().stream().map(e -> String.format(
                    Locale.ROOT, "\"%s\":%.4f", e.getKey(), e.getValue())).toList())).append('}');
        }
        String line = String.format(Locale.ROOT,
                "{\"step\":%d,\"train_seconds\":%.1f,%s\"val_l1_hole\":%.6f,\"val_psnr\":%.4f,\"ns_psnr\":%.4f,\"gain_db\":%.4f,"
                        + "\"weights\":\"%s\"%s}%n",
                step, trainSeconds, cpu, holeL1, psnr, baselinePsnr, psnr - baselinePsnr, weights, each);
        try {
            Files.writeString(runDirectory.resolve(FILE), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + runDirectory.resolve(FILE), e);
        }
    }
}
