package org.inpaint.app.training;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.inpaint.training.run.Trainer;
import org.inpaint.training.run.Progress;
import org.inpaint.training.run.TrainingConfig;

/**
 * What the dashboard shows of the current (or last) run: state, latest losses and speed, a bounded loss history,
 * sample grids and checkpoints as they are written. Updated from the training thread, read from the event loop.
 */
final class TrainingStatus {

    private static final int HISTORY = 2000;

    private String state = "idle";
    private TrainingConfig config;
    private long step;
    private long steps;
    private Map<String, Float> losses = Map.of();
    private double imagesPerSecond;
    private double etaSeconds;
    private final Deque<JsonObject> history = new ArrayDeque<>();
    private final List<String> samples = new ArrayList<>();
    private final List<JsonObject> checkpoints = new ArrayList<>();
    private String error;
    private String message;
    private String model;

    synchronized boolean isActive() {
        return state.equals("running") || state.equals("stopping");
    }

    synchronized void starting(TrainingConfig c) {
        state = "running";
        config = c;
        step = 0;
        steps = c.steps();
        losses = Map.of();
        imagesPerSecond = 0;
        etaSeconds = 0;
        history.clear();
        samples.clear();
        checkpoints.clear();
        error = null;
        message = null;
        model = null;
    }

    synchronized void stopping() {
        if (state.equals("running")) {
            state = "stopping";
        }
    }

    synchronized void update(Progress p) {
        step = p.step();
        steps = p.steps();
        if (!p.losses().isEmpty()) {
            losses = p.losses();
        }
        if (p.imagesPerSecond() > 0) {
            imagesPerSecond = p.imagesPerSecond();
            etaSeconds = p.etaSeconds();
        }
        switch (p.event()) {
            case "step" -> {
                JsonObject l = new JsonObject();
                p.losses().forEach((k, v) -> l.put(k, (double) v));
                history.addLast(new JsonObject().put("step", p.step()).put("losses", l));
                if (history.size() > HISTORY) {
                    thin();
                }
            }
            case "sample" -> samples.add("/v1/training/files/" + p.file());
            case "checkpoint" -> checkpoints.add(gains(new JsonObject().put("step", p.step()).put("file", p.file())
                    .put("valL1", p.valL1()).put("best", p.message() != null && p.message().startsWith(Trainer.BEST_SO_FAR)), p.gains()));
            case "finished", "stopped" -> {
                state = p.event().equals("finished") ? "finished" : "stopped";
                message = p.message();
                model = p.file();
            }
            default -> message = p.message();
        }
    }

    /**
     * Adds a validation's gains over the classical fill to {@code json}: {@code gainDb}, {@code weights}, and with
     * bins {@code gainByBinDb} (bin label to dB, in order), {@code worstBin} and {@code worstBinDb}; nothing
     * without validation.
     */
    static JsonObject gains(JsonObject json, Progress.Gains gains) {
        if (gains == null) {
            return json;
        }
        json.put("gainDb", gains.overallDb()).put("weights", gains.weights());
        gains.worstBin().ifPresent(worst -> {
            JsonObject byBin = new JsonObject();
            gains.byBinDb().forEach(byBin::put);
            json.put("gainByBinDb", byBin).put("worstBin", worst.getKey()).put("worstBinDb", worst.getValue());
        });
        return json;
    }

    synchronized void failed(String why) {
        state = "failed";
        error = why;
    }

    /** Keeps every second entry, so a long run's history stays bounded but spans the whole run. */
    private void thin() {
        List<JsonObject> all = new ArrayList<>(history);
        history.clear();
        for (int i = 0; i < all.size(); i += 2) {
            history.addLast(all.get(i));
        }
    }

    synchronized JsonObject toJson() {
        JsonObject l = new JsonObject();
        losses.forEach((k, v) -> l.put(k, (double) v));
        JsonObject json = new JsonObject().put("state", state).put("step", step).put("steps", steps).put("losses", l)
                .put("imagesPerSecond", imagesPerSecond).put("etaSeconds", etaSeconds)
                .put("history", new JsonArray(new ArrayList<>(history))).put("samples", new JsonArray(new ArrayList<>(samples)))
                .put("checkpoints", new JsonArray(new ArrayList<>(checkpoints))).put("error", error).put("message", message)
                .put("model", model);
        if (config != null) {
            json.put("config", new JsonObject().put("model", config.model()).put("data", config.data().toString())
                    .put("out", config.out().toString()).put("size", config.size()).put("width", config.width())
                    .put("batch", config.batch()).put("steps", config.steps()).put("criticSteps", config.criticSteps())
                    .put("resume", config.resume()));
        }
        return json;
    }

    synchronized TrainingConfig config() {
        return config;
    }
}
