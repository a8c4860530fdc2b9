package org.inpaint.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close();
    }

    @Test
    void defaultsThenFileThenEnvironmentThenFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, "http:\n  port: 9000\ninference:\n  workers: 3\n");
        JsonObject fromFile = ConfigLoader.load(vertx, file, Map.of(), Map.of());
        assertEquals(9000, fromFile.getJsonObject("http").getInteger("port"));
        assertEquals(3, fromFile.getJsonObject("inference").getInteger("workers"));
        assertEquals("auto", fromFile.getJsonObject("inference").getString("defaultEngine"), "defaults kept");

        JsonObject fromEnv = ConfigLoader.load(vertx, file, Map.of("INPAINT_HTTP_PORT", "9100", "INPAINT_LIMITS_MAX_PIXELS", "123"), Map.of());
        assertEquals(9100, fromEnv.getJsonObject("http").getInteger("port"));
        assertEquals(123L, fromEnv.getJsonObject("limits").getLong("maxPixels"));

        JsonObject fromFlags = ConfigLoader.load(vertx, file, Map.of("INPAINT_HTTP_PORT", "9100"), Map.of("http.port", "9200"));
        assertEquals(9200, Settings.from(fromFlags).http().port());
    }

    @Test
    void inferencePrecisionIsAutoUnlessSetAndABadOneIsNamed() {
        assertEquals("auto", Settings.from(ConfigLoader.load(vertx, null, Map.of(), Map.of())).inference().precision());
        assertEquals("bf16", Settings.from(ConfigLoader.load(vertx, null, Map.of("INPAINT_INFERENCE_PRECISION", "BF16"), Map.of()))
                .inference().precision());
        InpaintException bad = assertThrows(InpaintException.class,
                () -> Settings.from(ConfigLoader.load(vertx, null, Map.of(), Map.of("inference.precision", "fp8"))));
        assertEquals("inference.precision", bad.field());
        assertTrue(bad.getMessage().contains("fp8"));
    }

    @Test
    void envNamesFollowTheKeyPath() {
        assertEquals("INPAINT_HTTP_MAX_BODY_BYTES", ConfigLoader.envName("http.maxBodyBytes"));
        assertEquals("INPAINT_INFERENCE_DEFAULT_ENGINE", ConfigLoader.envName("inference.defaultEngine"));
    }

    @Test
    void unknownKeysBadValuesAndMissingFilesAreNamed() {
        InpaintException unknown = assertThrows(InpaintException.class,
                () -> ConfigLoader.load(vertx, null, Map.of(), Map.of("http.prot", "1")));
        assertTrue(unknown.getMessage().contains("unknown configuration key 'http.prot'"));
        InpaintException badEnv = assertThrows(InpaintException.class,
                () -> ConfigLoader.load(vertx, null, Map.of("INPAINT_HTTP_PORT", "eighty"), Map.of()));
        assertEquals("INPAINT_HTTP_PORT", badEnv.field());
        assertTrue(badEnv.getMessage().contains("eighty"));
        InpaintException missing = assertThrows(InpaintException.class,
                () -> ConfigLoader.load(vertx, Path.of("/no/such.yaml"), Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("does not exist"));
    }
}
