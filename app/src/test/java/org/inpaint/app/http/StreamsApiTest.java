package org.inpaint.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.InpaintServer;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded demo stream, the streams API and the WebSocket preview on a real server. */
class StreamsApiTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static InpaintServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "paths.media", Samples.videoClip().getParent().toString())));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(json));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject stream(String id) throws Exception {
        return new JsonObject(send("GET", "/v1/streams/" + id, null).body());
    }

    @Test
    void theDemoStreamRunsAndItsPreviewFramesChange() throws Exception {
        JsonArray list = new JsonObject(send("GET", "/v1/streams", null).body()).getJsonArray("streams");
        assertEquals("demo", list.getJsonObject(0).getString("id"));
        List<byte[]> messages = new CopyOnWriteArrayList<>();
        CountDownLatch enough = new CountDownLatch(8);
        WebSocket ws = CLIENT.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/v1/streams/demo/preview"),
                new WebSocket.Listener() {
                    private final java.io.ByteArrayOutputStream partial = new java.io.ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                        byte[] b = new byte[data.remaining()];
                        data.get(b);
                        partial.writeBytes(b);
                        if (last) {
                            messages.add(partial.toByteArray());
                            partial.reset();
                            enough.countDown();
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        assertTrue(enough.await(60, TimeUnit.SECONDS), "preview messages: " + messages.size());
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        ImageCodec codec = ImageCodec.withDefaults();
        byte[] first = null;
        byte[] last = null;
        for (byte[] m : messages) {
            assertTrue(m[0] == 0 || m[0] == 1, "tagged before/after");
            RgbImage img = codec.decode(Arrays.copyOfRange(m, 1, m.length), "preview").image();
            assertEquals(Samples.VIDEO_WIDTH, img.width());
            if (m[0] == 0) {
                first = first == null ? m : first;
                last = m;
            }
        }
        assertTrue(!Arrays.equals(first, last), "the live frames change");
        JsonObject demo = stream("demo");
        assertEquals("RUNNING", demo.getString("state"));
        assertTrue(demo.getLong("framesOut") > 0);
        String metrics = send("GET", "/metrics", null).body();
        assertTrue(metrics.contains("inpaint_stream_frames_total{stream=\"demo\",stage=\"out\"}"), metrics);
        assertTrue(metrics.contains("inpaint_stream_latency_seconds{stage=\"end_to_end\",stream=\"demo\",quantile=\"0.99\"}"), metrics);
        assertEquals(200, send("GET", "/ready", null).statusCode());
    }

    @Test
    void streamsAreCreatedMaskedReplacedAndStopped() throws Exception {
        String body = new JsonObject().put("id", "clip").put("source", Samples.videoClip().toString()).put("loop", true)
                .put("engine", "telea").put("mask", new JsonObject().put("boxes", new JsonArray().add(new JsonArray(List.of(10, 10, 40, 40)))))
                .encode();
        HttpResponse<String> created = send("POST", "/v1/streams", body);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("/v1/streams/clip", created.headers().firstValue("Location").orElse(""));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stream("clip").getLong("framesOut") < 5 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(stream("clip").getLong("framesOut") >= 5);
        HttpResponse<String> replaced = send("PUT", "/v1/streams/clip/mask", new JsonObject().put("motion", true).encode());
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("motion", new JsonObject(replaced.body()).getJsonObject("mask").getString("kind"));
        // re-selection on a live stream: the object in this box, tracked from the next frame
        long before = stream("clip").getLong("framesOut");
        HttpResponse<String> selected = send("PUT", "/v1/streams/clip/mask", new JsonObject().put("select", "20,20,40,60").encode());
        assertEquals(200, selected.statusCode(), selected.body());
        assertEquals("select", new JsonObject(selected.body()).getJsonObject("mask").getString("kind"));
        long selectedDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stream("clip").getLong("framesOut") < before + 5 && System.nanoTime() < selectedDeadline) {
            Thread.sleep(100);
        }
        assertTrue(stream("clip").getLong("framesOut") >= before + 5, "frames flow with the selection: " + stream("clip").encode());
        HttpResponse<String> duplicate = send("POST", "/v1/streams", body);
        assertEquals(400, duplicate.statusCode());
        assertTrue(duplicate.body().contains("already running"));
        assertEquals(204, send("DELETE", "/v1/streams/clip", null).statusCode());
        assertEquals(404, send("GET", "/v1/streams/clip", null).statusCode());
    }

    @Test
    void perFrameMasksComeFromADirectoryUnderTheMediaRoot() throws Exception {
        java.nio.file.Path media = Samples.videoClip().getParent();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(media, "inpaint-masks-");
        try {
            org.inpaint.core.codec.ImageCodec codec = org.inpaint.core.codec.ImageCodec.withDefaults();
            for (int i = 0; i < Samples.VIDEO_FRAMES; i++) {
                org.inpaint.core.image.Mask m = org.inpaint.core.image.Mask.ofBoxes(Samples.VIDEO_WIDTH, Samples.VIDEO_HEIGHT,
                        List.of(new org.inpaint.core.image.Rect(10 + i, 20, 30, 30)));
                java.nio.file.Files.write(dir.resolve("m" + i + ".png"), codec.encodeGray(m.width(), m.height(), m.toGray(),
                        org.inpaint.core.codec.ImageFormat.PNG));
            }
            HttpResponse<String> outside = send("POST", "/v1/streams", new JsonObject().put("source", Samples.videoClip().toString())
                    .put("mask", new JsonObject().put("frames", "/etc")).encode());
            assertEquals(403, outside.statusCode(), outside.body());
            assertEquals("mask.frames", new JsonObject(outside.body()).getString("field"));
            String body = new JsonObject().put("id", "framed").put("source", Samples.videoClip().toString()).put("live", false)
                    .put("engine", "telea").put("mask", new JsonObject().put("frames", dir.getFileName().toString())).encode();
            HttpResponse<String> created = send("POST", "/v1/streams", body);
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("frames", new JsonObject(created.body()).getJsonObject("mask").getString("kind"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (stream("framed").getLong("framesOut") < Samples.VIDEO_FRAMES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            JsonObject done = stream("framed");
            assertEquals(Samples.VIDEO_FRAMES, done.getLong("framesOut"), done.encode());
            assertEquals(0, done.getLong("failed"), done.encode());
            assertEquals(204, send("DELETE", "/v1/streams/framed", null).statusCode());
        } finally {
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path f : files.toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(dir);
        }
    }

    @Test
    void badStreamRequestsNameTheProblem() throws Exception {
        HttpResponse<String> noSource = send("POST", "/v1/streams", "{}");
        assertEquals(400, noSource.statusCode());
        assertEquals("source", new JsonObject(noSource.body()).getString("field"));
        HttpResponse<String> badMask = send("POST", "/v1/streams", new JsonObject().put("source", "x.mp4")
                .put("mask", new JsonObject().put("circles", 3)).encode());
        assertEquals(400, badMask.statusCode());
        assertEquals("mask", new JsonObject(badMask.body()).getString("field"));
        for (Object select : List.of(5, "1,2,3", "")) {
            HttpResponse<String> badSelect = send("POST", "/v1/streams", new JsonObject().put("source", "x.mp4")
                    .put("mask", new JsonObject().put("select", select)).encode());
            assertEquals(400, badSelect.statusCode(), badSelect.body());
            assertEquals("mask.select", new JsonObject(badSelect.body()).getString("field"), badSelect.body());
        }
        HttpResponse<String> notJson = send("POST", "/v1/streams", "{not json");
        assertEquals(400, notJson.statusCode());
        HttpResponse<String> engine = send("POST", "/v1/streams", new JsonObject().put("source", "x.mp4").put("engine", "magic").encode());
        assertEquals(400, engine.statusCode());
        assertEquals("engine", new JsonObject(engine.body()).getString("field"));
        assertEquals(404, send("DELETE", "/v1/streams/nope", null).statusCode());
    }

    @Test
    void sourcesAndOutputsOutsideTheAllowedRootsAreForbiddenNamingTheField() throws Exception {
        java.nio.file.Path media = Samples.videoClip().getParent();
        java.nio.file.Path link = media.resolve("inpaint-test-link-" + System.nanoTime());
        java.nio.file.Files.createSymbolicLink(link, java.nio.file.Path.of("/etc"));
        try {
            for (String source : new String[] {"/etc/hostname", "file:///etc/hostname", "concat:/etc/hostname",
                    "ftp://127.0.0.1/x.mp4", link.getFileName() + "/hostname", "../../etc/hostname"}) {
                HttpResponse<String> r = send("POST", "/v1/streams", new JsonObject().put("source", source).encode());
                assertEquals(403, r.statusCode(), source + ": " + r.body());
                assertEquals("source", new JsonObject(r.body()).getString("field"), r.body());
            }
            for (String output : new String[] {"/root/evil.mp4", "http://127.0.0.1:9/out", "../evil.mp4"}) {
                HttpResponse<String> r = send("POST", "/v1/streams", new JsonObject().put("source", "x.mp4")
                        .put("output", output).encode());
                assertEquals(403, r.statusCode(), output + ": " + r.body());
                assertEquals("output", new JsonObject(r.body()).getString("field"), r.body());
                assertTrue(new JsonObject(r.body()).getString("detail").contains("paths.outputs")
                        || new JsonObject(r.body()).getString("detail").contains("scheme"), r.body());
            }
        } finally {
            java.nio.file.Files.delete(link);
        }
        assertEquals(200, send("GET", "/health", null).statusCode());
    }

    @Test
    void aStreamAskingForAutoRunsTelea() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/streams", new JsonObject().put("id", "autocam")
                .put("source", "rtsp://127.0.0.1:9/none").put("engine", "auto").encode());
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("telea", stream("autocam").getString("engine"));
        assertEquals(200, send("PUT", "/v1/streams/autocam/engine", new JsonObject().put("engine", "ns").encode()).statusCode());
        assertEquals("ns", stream("autocam").getString("engine"));
        assertEquals(200, send("PUT", "/v1/streams/autocam/engine", new JsonObject().put("engine", "auto").encode()).statusCode());
        assertEquals("telea", stream("autocam").getString("engine"));
        assertEquals(204, send("DELETE", "/v1/streams/autocam", null).statusCode());
    }

    @Test
    void aDeadRtspSourceKeepsRetryingAndTheServiceStaysUp() throws Exception {
        HttpResponse<String> created = send("POST", "/v1/streams", new JsonObject().put("id", "dead")
                .put("source", "rtsp://127.0.0.1:9/nothing").put("engine", "telea").encode());
        assertEquals(201, created.statusCode(), created.body());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (stream("dead").getLong("reconnects") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JsonObject dead = stream("dead");
        assertEquals("RECONNECTING", dead.getString("state"), dead.encode());
        assertTrue(dead.getString("lastError").contains("rtsp://127.0.0.1:9/nothing"), dead.encode());
        assertEquals(200, send("GET", "/health", null).statusCode());
        assertEquals(204, send("DELETE", "/v1/streams/dead", null).statusCode());
    }
}
