package org.inpaint.app.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.inference.scheduler.SchedulerSettings;
import org.inpaint.app.kafka.KafkaSettings;
import org.inpaint.core.roi.RoiPlanner;

/** The typed view of the configuration that the app uses. */
public record Settings(Http http, long maxPixels, Inference inference, RoiPlanner roiPlanner, Djl djl, Path modelsDir,
                       Streams streams, KafkaSettings kafka, Path runsDir, Paths paths) {

    /**
     * What requests over HTTP may touch: video files a stream reads ({@code media}), files a stream writes
     * ({@code outputs}), photo directories a run trains on ({@code datasets}), and hosts URL sources and outputs may
     * name ({@code urlHosts}, empty = any); {@code state} holds the service's own files (the generated token).
     */
    public record Paths(java.util.List<Path> media, java.util.List<Path> outputs, java.util.List<Path> datasets,
                        java.util.List<String> urlHosts, Path state) {
    }

    /** @param declared stream requests (JSON objects, as POST /v1/streams takes) started with the service */
    public record Streams(boolean demo, String demoEngine, java.util.List<io.vertx.core.json.JsonObject> declared) {
    }

    /** @param token the API token required of every /v1 request; empty: generated when exposed, else none */
    public record Http(String host, int port, long maxBodyBytes, String uploadsDirectory, String token) {
    }

    /**
     * @param precision the neural engines' convolutions and matrix products: "auto" (each network's measured best),
     *                  "fp32" or "bf16" ({@link org.inpaint.inference.neural.ops.Precision})
     * @param selfEnsemble the neural engines' extra flipped passes: "auto" (as each model card says), "none", "mirror"
     *                  or "flips" ({@link org.inpaint.inference.neural.SelfEnsemble})
     */
    public record Inference(String defaultEngine, int workers, int queueCapacity, int maxBatch, long maxDelayMs,
                            String precision, String selfEnsemble) {

        public Inference {
            precision = NeuralEngine.isAuto(precision)
                    ? NeuralEngine.AUTO : org.inpaint.inference.neural.ops.Precision.of(precision, "inference.precision").label();
            selfEnsemble = NeuralEngine.isAuto(selfEnsemble)
                    ? NeuralEngine.AUTO : org.inpaint.inference.neural.SelfEnsemble.of(selfEnsemble, "inference.selfEnsemble").label();
        }

        public SchedulerSettings scheduler() {
            return new SchedulerSettings(workers, queueCapacity, maxBatch, Duration.ofMillis(maxDelayMs));
        }
    }

    public record Djl(boolean offline, Path cacheDir) {
    }

    private static java.util.List<JsonObject> declared(io.vertx.core.json.JsonArray a) {
        java.util.List<JsonObject> out = new java.util.ArrayList<>();
        if (a != null) {
            for (Object o : a) {
                if (!(o instanceof JsonObject j)) {
                    throw org.inpaint.core.InpaintException.badInput("streams.declared", "each declared stream is an object, got " + o);
                }
                out.add(j);
            }
        }
        return out;
    }

    public static Settings from(JsonObject c) {
        JsonObject http = c.getJsonObject("http");
        JsonObject inf = c.getJsonObject("inference");
        JsonObject roi = c.getJsonObject("roi");
        JsonObject djl = c.getJsonObject("djl");
        String uploads = http.getString("uploadsDirectory", "");
        if (uploads.isBlank()) {
            uploads = Path.of(System.getProperty("java.io.tmpdir"), "inpaint-uploads").toString();
        }
        return new Settings(
                new Http(http.getString("host"), http.getInteger("port"), http.getLong("maxBodyBytes"), uploads,
                        http.getString("token", "")),
                c.getJsonObject("limits").getLong("maxPixels"),
                new Inference(inf.getString("defaultEngine"), inf.getInteger("workers"), inf.getInteger("queueCapacity"),
                        inf.getInteger("maxBatch"), inf.getLong("maxDelayMs"), inf.getString("precision", NeuralEngine.AUTO),
                        inf.getString("selfEnsemble", NeuralEngine.AUTO)),
                new RoiPlanner(roi.getDouble("marginFactor"), roi.getInteger("minMargin"), roi.getDouble("wholeImageFraction")),
                new Djl(djl.getBoolean("offline"), Path.of(djl.getString("cacheDir"))),
                Path.of(c.getJsonObject("models").getString("dir")),
                new Streams(c.getJsonObject("streams").getBoolean("demo"), c.getJsonObject("streams").getString("demoEngine"),
                        declared(c.getJsonObject("streams").getJsonArray("declared"))),
                KafkaSettings.from(c.getJsonObject("kafka"), inf.getString("defaultEngine")),
                home(c.getJsonObject("training").getString("runsDir")),
                paths(c.getJsonObject("paths")));
    }

    /** A path, with a leading {@code ~/} meaning the user's home directory. */
    static Path home(String path) {
        return path.equals("~") || path.startsWith("~/")
                ? Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())))
                : Path.of(path);
    }

    private static Paths paths(JsonObject p) {
        return new Paths(strings(p, "media").stream().map(Path::of).toList(),
                strings(p, "outputs").stream().map(Path::of).toList(),
                strings(p, "datasets").stream().map(Path::of).toList(),
                strings(p, "urlHosts"), Path.of(p.getString("state")));
    }

    private static java.util.List<String> strings(JsonObject parent, String key) {
        java.util.List<String> out = new java.util.ArrayList<>();
        io.vertx.core.json.JsonArray a = parent.getJsonArray(key);
        if (a != null) {
            for (Object o : a) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw org.inpaint.core.InpaintException.badInput("paths." + key, "each entry is a non-empty string, got " + o);
                }
                out.add(s);
            }
        }
        return out;
    }
}
