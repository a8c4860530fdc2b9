package org.inpaint.app.training;

import org.inpaint.app.config.JsonFields;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.inpaint.core.InpaintException;
import org.inpaint.training.run.TrainingConfig;

/**
 * A training run asked for over HTTP or the event bus: {"model", "data", "steps", "size", optional "width", "batch",
 * "val", "valImages", "valMasks", "out", "criticSteps", "lr", "checkpointEvery", "sampleEvery", "seed", "resume"}.
 * Without "out" the run goes to {@code runs/<model>-<time>} under the configured runs directory.
 */
final class TrainingRequest {

    private static final Set<String> KNOWN = Set.of("model", "data", "steps", "size", "width", "batch", "val", "out",
            "criticSteps", "lr", "checkpointEvery", "sampleEvery", "seed", "resume", "valImages", "valMasks");

    private TrainingRequest() {
    }

    static TrainingConfig parse(JsonObject json, Path runsDirectory) {
        for (String key : json.fieldNames()) {
            if (!KNOWN.contains(key)) {
                throw InpaintException.badInput(key, "unknown field; known: " + String.join(", ", KNOWN.stream().sorted().toList()));
            }
        }
        String model = text(json, "model", true);
        Path data = path(json, "data", true);
        long steps = number(json, "steps", -1).longValue();
        if (steps < 0) {
            throw InpaintException.badInput("steps", "is required");
        }
        int size = number(json, "size", 128).intValue();
        Path out = path(json, "out", false);
        Path runDirectory = out != null ? out
                : runsDirectory.resolve(model + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainingConfig.Builder b = TrainingConfig.of(model, data, runDirectory, size, steps).toBuilder()
                .width(number(json, "width", 1.0).doubleValue())
                .batch(number(json, "batch", 8).intValue())
                .criticSteps(number(json, "criticSteps", 5).intValue())
                .learningRate(number(json, "lr", 0).doubleValue())
                .seed(number(json, "seed", 1).longValue())
                .valImages(number(json, "valImages", 16).intValue())
                .resume(Boolean.TRUE.equals(json.getValue("resume")));
        Path val = path(json, "val", false);
        if (val != null) {
            b.val(val);
        }
        String valMasks = text(json, "valMasks", false);
        if (valMasks != null) {
            b.valMasks(valMasks);
        }
        if (json.containsKey("checkpointEvery")) {
            b.checkpointEvery(number(json, "checkpointEvery", 1).intValue());
        }
        if (json.containsKey("sampleEvery")) {
            b.sampleEvery(number(json, "sampleEvery", 1).intValue());
        }
        return b.build();
    }

    private static Path path(JsonObject json, String field, boolean required) {
        String text = text(json, field, required);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw InpaintException.badInput(field, "is not a valid path: " + e.getMessage());
        }
    }

    private static String text(JsonObject json, String field, boolean required) {
        String s = JsonFields.string(json, field, null);
        if (s == null && required) {
            throw InpaintException.badInput(field, "is required");
        }
        if (s != null && s.isBlank()) {
            throw InpaintException.badInput(field, "must be a non-empty string");
        }
        return s;
    }

    private static Number number(JsonObject json, String field, Number fallback) {
        return JsonFields.number(json, field, fallback);
    }
}
