package org.inpaint.app.http;

import org.inpaint.testkit.http.Multipart;
import static org.inpaint.app.http.StreamsApiTestSupport.awaitFrames;
import static org.inpaint.app.http.StreamsApiTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.inpaint.app.InpaintServer;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints the web UI added: live engine switch, latest frame, painted motion region, metrics, models, attention. */
class UiApiTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ImageCodec CODEC = ImageCodec.withDefaults();
    private static InpaintServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "streams.demoEngine", "telea")));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, String type, byte[] body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(String path, Multipart form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonObject json(HttpResponse<byte[]> r) {
        return new JsonObject(new String(r.body()));
    }

    @Test
    void aStreamsEngineIsSwitchedLiveAndAnUnknownOneIsRefused() throws Exception {
        HttpResponse<byte[]> ok = send("PUT", "/v1/streams/demo/engine", "application/json", "{\"engine\":\"ns\"}".getBytes());
        assertEquals(200, ok.statusCode(), new String(ok.body()));
        assertEquals("ns", json(ok).getString("engine"));
        long frames = get(server, "/v1/streams/demo").getLong("framesOut");
        awaitFrames(server, "demo", frames + 5);
        assertEquals("ns", get(server, "/v1/streams/demo").getString("engine"));

        HttpResponse<byte[]> unknown = send("PUT", "/v1/streams/demo/engine", "application/json", "{\"engine\":\"nope\"}".getBytes());
        assertEquals(400, unknown.statusCode());
        assertEquals("engine", json(unknown).getString("field"));
        HttpResponse<byte[]> empty = send("PUT", "/v1/streams/demo/engine", "application/json", "{}".getBytes());
        assertEquals(400, empty.statusCode());
        send("PUT", "/v1/streams/demo/engine", "application/json", "{\"engine\":\"telea\"}".getBytes());
    }

    @Test
    void theLatestFrameIsAJpegOfTheStreamsSize() throws Exception {
        awaitFrames(server, "demo", 2);
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/streams/demo/frame")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
        RgbImage frame = CODEC.decode(r.body(), "frame").image();
        assertEquals(Samples.VIDEO_WIDTH, frame.width());
        assertEquals(Samples.VIDEO_HEIGHT, frame.height());
        assertEquals(404, CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/streams/none/frame")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void aPaintedRegionBecomesTheStreamsMotionRegion() throws Exception {
        byte[] region = new MaskCodec(CODEC).encode(Mask.ofBoxes(Samples.VIDEO_WIDTH, Samples.VIDEO_HEIGHT,
                List.of(new Rect(0, 100, 384, 188))), ImageFormat.PNG);
        HttpResponse<byte[]> r = send("PUT", "/v1/streams/demo/mask?mode=motion", "image/png", region);
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("motion", json(r).getJsonObject("mask").getString("kind"));
        long frames = get(server, "/v1/streams/demo").getLong("framesOut");
        awaitFrames(server, "demo", frames + 5);
        assertEquals(0, get(server, "/v1/streams/demo").getLong("failed"), "frames go through with the painted region");

        HttpResponse<byte[]> bad = send("PUT", "/v1/streams/demo/mask?mode=sideways", "image/png", region);
        assertEquals(400, bad.statusCode());
        assertEquals("mode", json(bad).getString("field"));
        send("PUT", "/v1/streams/demo/mask", "application/json", "{\"motion\":true}".getBytes());
    }

    @Test
    void metricsAreOneSampleOfTheCountersThePlotsNeed() throws Exception {
        awaitFrames(server, "demo", 3);
        Multipart form = new Multipart()
                .file("image", "photo.jpg", "image/jpeg", Samples.photo(Samples.photoNamed("orange")))
                .field("boxes", "10,10,40,40").field("engine", "telea");
        assertEquals(200, post("/v1/inpaint", form).statusCode(), "an image through telea, so its lane has a timing");
        JsonObject m = get(server, "/v1/metrics");
        assertTrue(m.getLong("time") > 0);
        JsonArray streams = m.getJsonArray("streams");
        JsonObject demo = streams.getJsonObject(0);
        assertEquals("demo", demo.getString("id"));
        assertTrue(demo.getDouble("fps") > 0, demo.encode());
        assertTrue(demo.getJsonObject("latencyMillis").containsKey("p99"), demo.encode());
        JsonObject engine = m.getJsonArray("engines").stream().map(JsonObject.class::cast)
                .filter(e -> e.getString("engine").equals("telea")).findFirst().orElseThrow();
        for (String key : new String[] {"queued", "completed", "dropped", "batches", "workers"}) {
            assertTrue(engine.containsKey(key), key + " in " + engine.encode());
        }
        assertTrue(engine.getLong("completed") >= 1, engine.encode());
        assertTrue(engine.getJsonObject("runMillis").getDouble("p99") >= 0, engine.encode());
    }

    @Test
    void modelsListEveryNetworkWithItsCardsOrWhyItIsNotReady() throws Exception {
        JsonObject models = get(server, "/v1/models");
        JsonArray list = models.getJsonArray("models");
        assertEquals(List.of("csa", "deepfill", "lbam", "swap"),
                list.stream().map(o -> ((JsonObject) o).getString("name")).sorted().toList());
        for (Object o : list) {
            JsonObject model = (JsonObject) o;
            assertTrue(model.getString("paper").length() > 10, model.encode());
            if (!model.getBoolean("ready")) {
                assertTrue(model.getString("status").contains("no trained weights"), model.encode());
                assertEquals(0, model.getJsonArray("versions").size());
            }
        }
    }

    @Test
    void attentionOfAClassicalEngineIsRefusedNamingTheEngine() throws Exception {
        Multipart form = new Multipart()
                .file("image", "photo.jpg", "image/jpeg", Samples.photo(Samples.photoNamed("orange")))
                .field("boxes", "10,10,40,40").field("engine", "telea");
        HttpResponse<byte[]> r = post("/v1/attention", form);
        assertEquals(400, r.statusCode(), new String(r.body()));
        JsonObject problem = json(r);
        assertEquals("engine", problem.getString("field"));
        assertTrue(problem.getString("detail").contains("deepfill or csa"), problem.encode());
    }
}
