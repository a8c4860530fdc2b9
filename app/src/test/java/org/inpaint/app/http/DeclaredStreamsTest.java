package org.inpaint.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.config.ConfigLoader;
import org.inpaint.app.config.Settings;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams declared in the configuration file start with the service. */
class DeclaredStreamsTest {

    @Test
    void declaredStreamsRunFromStartUp(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("inpaint.yaml");
        Files.writeString(yaml, """
                http:
                  port: 0
                  host: 127.0.0.1
                streams:
                  demo: false
                  declared:
                    - id: gate
                      source: "%s"
                      loop: true
                      engine: telea
                      mask:
                        boxes: [[10, 10, 50, 40]]
                """.formatted(Samples.videoClip().toString()));
        Vertx vertx = Vertx.vertx();
        Settings settings;
        try {
            settings = Settings.from(ConfigLoader.load(vertx, yaml, Map.of(), Map.of()));
        } finally {
            vertx.close();
        }
        try (InpaintServer server = InpaintServer.start(settings)) {
            StreamsApiTestSupport.awaitFrames(server, "gate", 5);
            JsonObject gate = StreamsApiTestSupport.get(server, "/v1/streams/gate");
            assertEquals("static", gate.getJsonObject("mask").getString("kind"));
            assertEquals("telea", gate.getString("engine"));
            assertEquals(1, StreamsApiTestSupport.get(server, "/v1/streams").getJsonArray("streams").size(), "no demo");
        }
    }
}
