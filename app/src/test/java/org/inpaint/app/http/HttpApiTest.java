package org.inpaint.app.http;

import org.inpaint.testkit.http.Multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.config.ConfigLoader;
import org.inpaint.app.config.Settings;
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

/** The HTTP API against a real server on a free port, with real photos. */
public class HttpApiTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static InpaintServer server;
    private static String base;
    private static byte[] photoJpeg;
    private static RgbImage photo;

    public static Settings settings(Map<String, String> overrides) {
        Vertx vertx = Vertx.vertx();
        try {
            return Settings.from(ConfigLoader.load(vertx, null, Map.of(), overrides));
        } finally {
            vertx.close();
        }
    }

    @BeforeAll
    static void start() {
        server = InpaintServer.start(settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "http.maxBodyBytes", "2000000", "limits.maxPixels", "4000000", "streams.demo", "false")));
        base = "http://127.0.0.1:" + server.port();
        photoJpeg = Samples.photo(Samples.photoNamed("orange"));
        photo = CODEC.decode(photoJpeg, "image").image();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> post(String base, Multipart form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/inpaint"))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> post(Multipart form) throws Exception {
        return post(base, form);
    }

    private static byte[] maskPng(Mask m) {
        return new MaskCodec(CODEC).encode(m, ImageFormat.PNG);
    }

    private static JsonObject problem(HttpResponse<byte[]> r, int status, String field) {
        assertEquals(status, r.statusCode(), new String(r.body()));
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject json = new JsonObject(new String(r.body()));
        assertEquals(status, json.getInteger("status"));
        assertEquals(field, json.getString("field"), json.encode());
        return json;
    }

    @Test
    void fillsTheHoleAndKeepsEveryKnownPixel() throws Exception {
        Mask mask = Mask.ofBoxes(512, 512, List.of(new Rect(200, 220, 60, 50)));
        HttpResponse<byte[]> r = post(new Multipart().file("image", "orange.jpg", "image/jpeg", photoJpeg)
                .file("mask", "mask.png", "image/png", maskPng(mask)).field("engine", "telea").field("format", "png"));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("image/png", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("telea", r.headers().firstValue("X-Inpaint-Engine").orElseThrow());
        RgbImage out = CODEC.decode(r.body(), "response").image();
        assertEquals(photo.width(), out.width());
        assertEquals(photo.height(), out.height());
        int changed = 0;
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                for (int c = 0; c < 3; c++) {
                    if (!mask.isHole(x, y)) {
                        assertEquals(photo.get(x, y, c), out.get(x, y, c));
                    } else if (photo.get(x, y, c) != out.get(x, y, c)) {
                        changed++;
                    }
                }
            }
        }
        assertTrue(changed > 1000, "hole filled");
    }

    @Test
    void anObjectSelectedByABoxIsSegmentedAndFilled() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = composite();
        byte[] png = CODEC.encode(c.image(), ImageFormat.PNG);
        Rect b = c.box();
        String box = b.x() + "," + b.y() + "," + b.width() + "," + b.height();
        Multipart form = new Multipart().file("image", "c.png", "image/png", png).field("box", box);
        HttpResponse<byte[]> seg = segment(form);
        assertEquals(200, seg.statusCode(), new String(seg.body()));
        assertEquals("image/png", seg.headers().firstValue("Content-Type").orElseThrow());
        Mask object = new MaskCodec(CODEC).decodeImage(seg.body(), "segment");
        long tp = 0, truth = 0, chosen = 0;
        for (int i = 0; i < object.data().length; i++) {
            boolean o = object.data()[i] != 0, t = c.object().data()[i] != 0;
            tp += o && t ? 1 : 0;
            truth += t ? 1 : 0;
            chosen += o ? 1 : 0;
        }
        assertTrue(tp >= 0.9 * truth, "recall " + tp + "/" + truth);
        assertTrue(tp >= 0.8 * chosen, "precision " + tp + "/" + chosen);
        HttpResponse<byte[]> filled = post(new Multipart().file("image", "c.png", "image/png", png).field("select", box)
                .field("engine", "telea"));
        assertEquals(200, filled.statusCode(), new String(filled.body()));
        RgbImage out = CODEC.decode(filled.body(), "response").image();
        for (int y = 0; y < 512; y += 3) {
            for (int x = 0; x < 512; x += 3) {
                if (!object.isHole(x, y)) {
                    assertEquals(c.image().get(x, y, 1), out.get(x, y, 1), "known pixel (" + x + "," + y + ")");
                }
            }
        }
        problem(segment(new Multipart().file("image", "c.png", "image/png", png).field("box", "500,500,40,40")), 400, "box");
        problem(segment(new Multipart().file("image", "c.png", "image/png", png)), 400, "box");
        problem(post(new Multipart().file("image", "c.png", "image/png", png).field("select", "0,0,0,5")), 400, "select");
    }

    /** The share of the true object's pixels that {@code selected} holds. */
    private static double recall(Mask selected, Mask truth) {
        long hit = 0, all = 0;
        for (int i = 0; i < truth.data().length; i++) {
            hit += selected.data()[i] != 0 && truth.data()[i] != 0 ? 1 : 0;
            all += truth.data()[i] != 0 ? 1 : 0;
        }
        return hit / (double) Math.max(1, all);
    }

    @Test
    void anObjectIsSegmentedFromAClickAndBadClicksNameTheField() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = composite();
        byte[] png = CODEC.encode(c.image(), ImageFormat.PNG);
        int[] click = c.click();
        HttpResponse<byte[]> seg = segment(new Multipart().file("image", "c.png", "image/png", png)
                .field("points", "{\"object\": [[" + click[0] + ", " + click[1] + "]], \"background\": [[2, 2]]}"));
        assertEquals(200, seg.statusCode(), new String(seg.body()));
        Mask object = new MaskCodec(CODEC).decodeImage(seg.body(), "segment");
        assertTrue(object.isHole(click[0], click[1]), "the clicked pixel is selected");
        assertTrue(!object.isHole(2, 2), "the background click is not");
        assertTrue(recall(object, c.object()) >= 0.5, "recall " + recall(object, c.object()));
        for (String bad : List.of("[[1, 2, 3]]", "[[600, 10]]", "{\"object\": []}", "not json", "[[1.5, 2]]")) {
            problem(segment(new Multipart().file("image", "c.png", "image/png", png).field("points", bad)), 400, "points");
        }
    }

    @Test
    void anObjectIsSegmentedFromAStrokeAndBadStrokesNameTheField() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = composite();
        byte[] png = CODEC.encode(c.image(), ImageFormat.PNG);
        String stroke = c.scribble().stream().map(p -> "[" + p[0] + ", " + p[1] + "]")
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        HttpResponse<byte[]> seg = segment(new Multipart().file("image", "c.png", "image/png", png)
                .field("scribbles", "{\"object\": [" + stroke + "], \"background\": [[[2, 2], [40, 2]]]}"));
        assertEquals(200, seg.statusCode(), new String(seg.body()));
        Mask object = new MaskCodec(CODEC).decodeImage(seg.body(), "segment");
        int[] start = c.scribble().get(0);
        assertTrue(object.isHole(start[0], start[1]), "the stroke's start is selected");
        assertTrue(!object.isHole(20, 2), "the background stroke is not");
        assertTrue(recall(object, c.object()) >= 0.5, "recall " + recall(object, c.object()));
        for (String bad : List.of("not json", "[[1, 2]]", "{\"object\": [[[600, 10], [1, 1]]]}", "{\"object\": []}")) {
            problem(segment(new Multipart().file("image", "c.png", "image/png", png).field("scribbles", bad)), 400, "scribbles");
        }
        for (String bad : List.of("{\"object\": 3}", "{\"object\": [[1, 2]]}")) {
            problem(segment(new Multipart().file("image", "c.png", "image/png", png).field("scribbles", bad)), 400, "scribbles.object");
        }
    }

    /** The bundled photo with an irregular cut-out of another pasted on it; the object is known exactly. */
    private org.inpaint.ingest.synth.Composites.Composite composite() {
        return org.inpaint.ingest.synth.Composites.make(photo, CODEC.decode(org.inpaint.testkit.Samples.photo(
                org.inpaint.testkit.Samples.photos().get(1)), "p").image(), new java.util.Random(3), 512, 0.05);
    }

    private HttpResponse<byte[]> segment(Multipart form) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/segment")).header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void boxesFieldAndDefaultEngineWorkAndFormatFollowsTheInput() throws Exception {
        HttpResponse<byte[]> r = post(new Multipart().file("image", "orange.jpg", "image/jpeg", photoJpeg)
                .field("boxes", "10,10,30,30;400,400,20,20").field("engine", "ns"));
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void maskOfTheWrongSizeIsNamed() throws Exception {
        JsonObject p = problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .file("mask", "m.png", "image/png", maskPng(Mask.ofBoxes(100, 80, List.of(new Rect(1, 1, 5, 5)))))), 400, "mask");
        assertTrue(p.getString("detail").contains("100x80") && p.getString("detail").contains("512x512"), p.encode());
    }

    @Test
    void emptyAndFullMasksAreRejected() throws Exception {
        JsonObject empty = problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .file("mask", "m.png", "image/png", maskPng(Mask.empty(512, 512)))), 400, "mask");
        assertTrue(empty.getString("detail").contains("empty"));
        JsonObject full = problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .file("mask", "m.png", "image/png", maskPng(Mask.ofBoxes(512, 512, List.of(new Rect(0, 0, 512, 512)))))), 400, "mask");
        assertTrue(full.getString("detail").contains("whole image"));
    }

    @Test
    void corruptTruncatedAndMissingImages() throws Exception {
        problem(post(new Multipart().file("image", "x.jpg", "image/jpeg", "definitely not a jpeg".getBytes())
                .field("boxes", "1,1,4,4")), 415, "image");
        JsonObject truncated = problem(post(new Multipart().file("image", "x.jpg", "image/jpeg", Arrays.copyOf(photoJpeg, 5000))
                .field("boxes", "1,1,4,4")), 422, "image");
        assertTrue(truncated.getString("detail").contains("truncated"));
        problem(post(new Multipart().field("boxes", "1,1,4,4")), 400, "image");
        problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)), 400, "mask");
    }

    @Test
    void hugeDeclaredDimensionsAreRefusedFromTheHeader() throws Exception {
        byte[] png = CODEC.encode(RgbImage.blank(1, 1), ImageFormat.PNG);
        png[18] = (byte) 0x27; png[19] = (byte) 0x10;   // width 10000
        png[22] = (byte) 0x27; png[23] = (byte) 0x10;   // height 10000
        JsonObject p = problem(post(new Multipart().file("image", "bomb.png", "image/png", png).field("boxes", "1,1,4,4")), 413, "image");
        assertTrue(p.getString("detail").contains("10000x10000"), p.encode());
    }

    @Test
    void unknownEngineAndFormatAndBadBoxes() throws Exception {
        JsonObject p = problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .field("boxes", "1,1,4,4").field("engine", "magic")), 400, "engine");
        assertTrue(p.getString("detail").contains("patchmatch"), "lists the known engines");
        problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .field("boxes", "1,1,4,4").field("format", "gif")), 415, "format");
        problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg).field("boxes", "1,1,four,4")), 400, "boxes");
        problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg).field("polygons", "[[[1,1]")), 400, "polygons");
        // boxes whose far edge passes 2^31 are clipped to the image, never wrapped to a negative index
        problem(post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .field("boxes", "2147483000,10,2000,5")), 400, "mask");
        HttpResponse<byte[]> clipped = post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                .field("boxes", "10,10,2147483647,2147483647;-5,-5,20,20").field("engine", "telea"));
        assertEquals(200, clipped.statusCode());
    }

    @Test
    void aPathThatIsNotValidPercentEncodingIs400NamingThePath() throws Exception {
        for (String path : new String[] {"/v1/streams/%", "/%zz", "/v1/streams/a%2"}) {
            // java.net.http refuses such a URI, so the request goes over a plain socket
            String response = rawGet(path);
            assertTrue(response.startsWith("HTTP/1.1 400"), path + ": " + response);
            assertTrue(response.contains("\"field\":\"path\""), response);
        }
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void bodyOverTheLimitIs413AndNonMultipartIs415() throws Exception {
        byte[] big = new byte[3_000_000];
        problem(post(new Multipart().file("image", "big.jpg", "image/jpeg", big)), 413, "body");
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/inpaint"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        problem(r, 415, "body");
    }

    @Test
    void concurrentRequestsAllSucceed() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Multipart form = new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg)
                    .field("boxes", (20 + 40 * i) + ",100,30,30").field("engine", i % 2 == 0 ? "telea" : "ns").field("format", "png");
            futures.add(CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/inpaint"))
                    .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (CompletableFuture<HttpResponse<byte[]>> f : futures) {
            HttpResponse<byte[]> r = f.get();
            assertEquals(200, r.statusCode(), new String(r.body()));
            assertEquals(512, CODEC.decode(r.body(), "r").image().width());
        }
    }

    @Test
    void enginesHealthMetricsAndThePage() throws Exception {
        JsonObject engines = new JsonObject(get("/v1/engines").body());
        List<String> names = engines.getJsonArray("engines").stream().map(o -> ((JsonObject) o).getString("name")).toList();
        assertTrue(names.containsAll(List.of("patchmatch", "telea", "ns")), names.toString());
        assertEquals("UP", new JsonObject(get("/health").body()).getString("status"));
        post(new Multipart().file("image", "o.jpg", "image/jpeg", photoJpeg).field("boxes", "1,1,4,4").field("engine", "telea"));
        String metrics = get("/metrics").body();
        assertTrue(metrics.contains("inpaint_http_requests_seconds_count{route=\"/v1/inpaint\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("inpaint_queue_depth"));
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>inpaint"), "the web page is served at /");
        HttpResponse<String> missing = get("/v1/nothing");
        assertEquals(404, missing.statusCode());
    }

    private static String rawGet(String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
