package org.inpaint.app.kafka;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The Kafka image pipeline's settings (config key {@code kafka}).
 *
 * @param boxes the stream's own holes ("x,y,w,h") for messages that carry no mask
 */
public record KafkaSettings(boolean enabled, String bootstrapServers, String groupId, String inputTopic,
                            String outputTopic, String deadLetterTopic, String engine, String outputFormat,
                            int maxPollRecords, List<String> boxes) {

    public static KafkaSettings from(JsonObject k, String defaultEngine) {
        List<String> boxes = k.getJsonArray("boxes") == null ? List.of()
                : k.getJsonArray("boxes").stream().map(Object::toString).toList();
        String engine = k.getString("engine", "");
        return new KafkaSettings(k.getBoolean("enabled", false), k.getString("bootstrapServers"), k.getString("groupId"),
                k.getString("inputTopic"), k.getString("outputTopic"), k.getString("deadLetterTopic"),
                engine.isBlank() ? defaultEngine : engine, k.getString("outputFormat", "png"),
                k.getInteger("maxPollRecords", 16), boxes);
    }
}
