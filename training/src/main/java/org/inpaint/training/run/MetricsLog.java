package org.inpaint.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code metrics.jsonl}: one JSON object per step ({"step":…, "losses":{…}, "images_per_second":…}). */
public final class MetricsLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One logged step. */
    public record Entry(long step, Map<String, Float> losses) {
    }

    private final Path file;

    public MetricsLog(Path runDirectory) {
        this.file = runDirectory.resolve("metrics.jsonl");
    }

    public Path file() {
        return file;
    }

    public void append(long step, Map<String, Float> losses, double imagesPerSecond) {
        ObjectNode line = JSON.createObjectNode();
        line.put("step", step);
        ObjectNode l = line.putObject("losses");
        losses.forEach(l::put);
        line.put("images_per_second", imagesPerSecond);
        try {
            Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** Every entry, in order. */
    public List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException torn) {
                    continue; // the last line of a killed run may be cut short
                }
                Map<String, Float> losses = new LinkedHashMap<>();
                n.path("losses").fields().forEachRemaining(e -> losses.put(e.getKey(), (float) e.getValue().asDouble()));
                out.add(new Entry(n.path("step").asLong(), losses));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Drops entries after {@code step} (a run resumed from the checkpoint at that step repeats them). */
    public void truncateAfter(long step) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    if (!line.isBlank() && JSON.readTree(line).path("step").asLong() <= step) {
                        keep.add(line);
                    }
                } catch (IOException torn) {
                    // dropped
                }
            }
            Files.write(file, keep, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }
}
