package org.inpaint.app.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.inpaint.inference.scheduler.SchedulerSettings;
import org.inpaint.app.kafka.KafkaSettings;
import org.inpaint.core.roi.RoiPlanner;

/** The typed view of the configuration that the app uses. */
public record Settings(Http http, long maxPixels, Inference inference, RoiPlanner roiPlanner, Djl djl, Path modelsDir,
                       Streams streams, KafkaSettings kafka) {

    public record Streams(boolean demo, String demoEngine) {
    }

    public record Http(String host, int port, long maxBodyBytes, String uploadsDirectory) {
    }

    public record Inference(String defaultEngine, int workers, int queueCapacity, int maxBatch, long maxDelayMs) {

        public SchedulerSettings scheduler() {
            return new SchedulerSettings(workers, queueCapacity, maxBatch, Duration.ofMillis(maxDelayMs));
        }
    }

    public record Djl(boolean offline, Path cacheDir) {
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
                new Http(http.getString("host"), http.getInteger("port"), http.getLong("maxBodyBytes"), uploads),
                c.getJsonObject("limits").getLong("maxPixels"),
                new Inference(inf.getString("defaultEngine"), inf.getInteger("workers"), inf.getInteger("queueCapacity"),
                        inf.getInteger("maxBatch"), inf.getLong("maxDelayMs")),
                new RoiPlanner(roi.getDouble("marginFactor"), roi.getInteger("minMargin"), roi.getDouble("wholeImageFraction")),
                new Djl(djl.getBoolean("offline"), Path.of(djl.getString("cacheDir"))),
                Path.of(c.getJsonObject("models").getString("dir")),
                new Streams(c.getJsonObject("streams").getBoolean("demo"), c.getJsonObject("streams").getString("demoEngine")),
                KafkaSettings.from(c.getJsonObject("kafka"), inf.getString("defaultEngine")));
    }
}
