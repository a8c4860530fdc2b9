package org.inpaint.app.http;

import org.inpaint.testkit.http.Multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.inpaint.app.InpaintServer;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded malformed requests against a running server, over plain sockets so that every byte can be wrong:
 * truncated and bit-flipped JPEG/PNG/WebP uploads, headers claiming 100k×100k pixels, masks and boxes of every wrong
 * shape, broken multipart bodies, wrong content types, invalid and mistyped JSON for streams, masks and training,
 * oversized headers and fields. Every request must get an answer within 30 s that is not a 5xx (a 503 for a full
 * queue, with Retry-After, is back-pressure, not a failure), and the server must answer /health afterwards.
 * {@code -Dinpaint.fuzz.requests=10000} runs the long version (the default fits CI's time).
 */
class MalformedRequestsTest {

    private static final int REQUESTS = Integer.getInteger("inpaint.fuzz.requests", 1500);
    private static InpaintServer server;
    private static byte[] jpeg;
    private static byte[] png;

    @BeforeAll
    static void start() throws Exception {
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "http.maxBodyBytes", "2000000", "limits.maxPixels", "4000000", "streams.demo", "false",
                "inference.defaultEngine", "telea", "paths.media", Samples.videoClip().getParent().toString())));
        jpeg = Samples.photo(Samples.photoNamed("orange"));
        png = org.inpaint.core.codec.ImageCodec.withDefaults().encode(
                org.inpaint.core.codec.ImageCodec.withDefaults().decode(jpeg, "i").image().crop(
                        new org.inpaint.core.image.Rect(0, 0, 96, 64)), org.inpaint.core.codec.ImageFormat.PNG);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One raw request: the request line and headers are built by the caller, the body may lie about itself. */
    record Raw(String what, byte[] bytes) {
    }

    @Test
    void noMalformedRequestGetsA5xxOrHangsAndTheServerStaysUp() throws Exception {
        SplittableRandom random = new SplittableRandom(20261204);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Raw r = next(random);
            long t0 = System.nanoTime();
            String response = send(r.bytes());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int status = status(response);
            statuses.merge(status, 1, Integer::sum);
            boolean backPressure = status == 503 && response.contains("Retry-After");
            // bytes that are not HTTP at all may be answered by closing the connection, promptly
            boolean notHttpClosed = status < 0 && r.what().equals("random bytes") && ms < 5000;
            if ((status < 0 && !notHttpClosed) || (status >= 500 && !backPressure)) {
                String detail = response.contains("\r\n\r\n") ? response.substring(response.indexOf("\r\n\r\n") + 4) : "";
                failures.add(r.what() + " -> " + (status < 0 ? "no answer" : response.lines().findFirst().orElse("")
                        + " " + detail.substring(0, Math.min(300, detail.length()))));
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + REQUESTS + " failed (statuses " + statuses + "): "
                + String.join("; ", failures.subList(0, Math.min(10, failures.size()))));
        assertEquals(200, status(send(request("GET", "/health", "", null, new byte[0]))), "the server still answers");
        System.out.println("malformed requests: " + REQUESTS + ", statuses " + statuses);
    }

    private static Raw next(SplittableRandom r) {
        return switch (r.nextInt(9)) {
            case 0 -> inpaint(r, "image", mutate(r, r.nextBoolean() ? jpeg : png), "boxes", "10,10,20,20");
            case 1 -> inpaint(r, "image", claimHuge(r), "boxes", "1,1,4,4");
            case 2 -> {
                String boxes = garbageBoxes(r);
                Raw raw = inpaint(r, "image", png, "boxes", boxes);
                yield new Raw(raw.what() + " '" + boxes.substring(0, Math.min(40, boxes.length())) + "'", raw.bytes());
            }
            case 3 -> inpaint(r, "image", png, "mask", mutate(r, png));
            case 4 -> brokenMultipart(r);
            case 5 -> json(r, "POST", "/v1/streams", garbageJson(r, "source", "id", "mask", "output", "engine", "loop"));
            case 6 -> json(r, "POST", "/v1/training", garbageJson(r, "model", "data", "steps", "size", "out", "width"));
            case 7 -> json(r, "PUT", "/v1/streams/" + garbageId(r) + "/" + (r.nextBoolean() ? "mask" : "engine"),
                    garbageJson(r, "engine", "boxes", "polygons"));
            default -> oddRequest(r);
        };
    }

    private static Raw inpaint(SplittableRandom r, String imageField, byte[] image, String holesField, Object holes) {
        Multipart form = new Multipart().file(imageField, "x.bin", r.nextBoolean() ? "image/png" : "application/octet-stream", image);
        if (holes instanceof byte[] b) {
            form.file(holesField, "m.png", "image/png", b);
        } else {
            form.field(holesField, (String) holes);
        }
        if (r.nextInt(4) == 0) {
            form.field("engine", r.nextBoolean() ? "telea" : garbageId(r));
        }
        if (r.nextInt(4) == 0) {
            form.field("format", r.nextBoolean() ? "png" : garbageId(r));
        }
        String path = r.nextInt(5) == 0 ? "/v1/attention" : "/v1/inpaint";
        return new Raw(path + " " + holesField, request("POST", path, form.contentType(), null, form.bytes()));
    }

    private static Raw brokenMultipart(SplittableRandom r) {
        Multipart form = new Multipart().file("image", "x.png", "image/png", png).field("boxes", "1,1,8,8");
        byte[] body = form.bytes();
        String type = form.contentType();
        String what;
        switch (r.nextInt(5)) {
            case 0 -> {
                body = java.util.Arrays.copyOf(body, r.nextInt(body.length)); // cut anywhere, honest Content-Length
                what = "multipart cut";
            }
            case 1 -> {
                type = "multipart/form-data; boundary=other";
                what = "multipart wrong boundary";
            }
            case 2 -> {
                type = "multipart/form-data";
                what = "multipart no boundary";
            }
            case 3 -> {
                body = mutate(r, body);
                what = "multipart bit flips";
            }
            default -> {
                type = r.nextBoolean() ? "application/json" : "text/plain";
                what = "inpaint wrong content type";
            }
        }
        return new Raw(what, request("POST", "/v1/inpaint", type, null, body));
    }

    private static Raw json(SplittableRandom r, String method, String path, String body) {
        String type = r.nextInt(6) == 0 ? "image/png" : "application/json";
        return new Raw(method + " " + path + " " + body.substring(0, Math.min(60, body.length())),
                request(method, path, type, null, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Raw oddRequest(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> new Raw("huge header", request("GET", "/v1/engines", "", "X-Big: " + "a".repeat(20_000 + r.nextInt(20_000)), new byte[0]));
            case 1 -> new Raw("bad percent path", request("GET", "/v1/streams/%" + (char) ('a' + r.nextInt(26)), "", null, new byte[0]));
            case 2 -> new Raw("huge field", inpaint(r, "image", png, "boxes", "1," + "9".repeat(5000) + ",3,3").bytes());
            case 3 -> new Raw("method", request(r.nextBoolean() ? "PATCH" : "DELETE", "/v1/inpaint", "", null, new byte[0]));
            case 4 -> new Raw("frame of unknown stream", request("GET", "/v1/streams/" + garbageId(r) + "/frame", "", null, new byte[0]));
            default -> new Raw("random bytes", withLineEnd(randomBytes(r, 1 + r.nextInt(300))));
        };
    }

    private static byte[] mutate(SplittableRandom r, byte[] original) {
        byte[] b = original.clone();
        if (r.nextBoolean()) {
            b = java.util.Arrays.copyOf(b, r.nextInt(Math.max(1, b.length)));
        }
        int flips = 1 + r.nextInt(12);
        for (int i = 0; i < flips && b.length > 0; i++) {
            int at = r.nextInt(Math.min(b.length, 4096));
            b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    /** The PNG with its IHDR width and height rewritten to up to 100,000 (and its CRC left wrong or not). */
    private static byte[] claimHuge(SplittableRandom r) {
        byte[] b = png.clone();
        int w = 50_000 + r.nextInt(50_001);
        int h = 50_000 + r.nextInt(50_001);
        for (int i = 0; i < 4; i++) {
            b[16 + i] = (byte) (w >>> (24 - 8 * i));
            b[20 + i] = (byte) (h >>> (24 - 8 * i));
        }
        return b;
    }

    private static String garbageBoxes(SplittableRandom r) {
        String[] options = {"2147483647,2147483647,2147483647,2147483647", "-2147483648,0,10,10", "1,2,3", "a,b,c,d",
                "1,1,4,4;", ";;;", "1e9,1,1,1", "0,0,0,0", "1,1,-5,4", " ", "1,1,4,4;" + "2,2,2,2;".repeat(2000)};
        return options[r.nextInt(options.length)];
    }

    private static String garbageId(SplittableRandom r) {
        String[] options = {"x", "..", "a/b", "%2e%2e", "é", "a".repeat(300), "demo", "\u0000", "<script>"};
        return java.net.URLEncoder.encode(options[r.nextInt(options.length)], StandardCharsets.UTF_8);
    }

    private static String garbageJson(SplittableRandom r, String... fields) {
        if (r.nextInt(5) == 0) {
            String[] broken = {"{", "[1,2", "null", "\"text\"", "{\"a\":}", "", "{\"source\": \"x\"" , "[]", "1e999999"};
            return broken[r.nextInt(broken.length)];
        }
        Object[] values = {123, -1, 1e300, true, "", "x", "rtsp://127.0.0.1:9/none", "/etc/passwd", "file:///etc/passwd",
                new io.vertx.core.json.JsonArray().add(1), new io.vertx.core.json.JsonObject().put("motion", "yes"), null,
                "a".repeat(10_000), "lbam", "deepfill", 2147483648L};
        io.vertx.core.json.JsonObject o = new io.vertx.core.json.JsonObject();
        for (String f : fields) {
            if (r.nextBoolean()) {
                o.put(f, values[r.nextInt(values.length)]);
            }
        }
        return o.encode();
    }

    /** Garbage ending as a request head would: without the blank line, HTTP says to wait for more. */
    private static byte[] withLineEnd(byte[] garbage) {
        byte[] out = java.util.Arrays.copyOf(garbage, garbage.length + 4);
        System.arraycopy("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0, out, garbage.length, 4);
        return out;
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static byte[] request(String method, String path, String contentType, String extraHeader, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (!contentType.isEmpty()) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (extraHeader != null) {
            head.append(extraHeader).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Sends the bytes, then reads what comes back until the server closes; "" when nothing came within 30 s. */
    private static String send(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole body is sent (413, 431): read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0 && got.size() < 65536; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // a reset after the answer, or nothing at all: the status line decides
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static int status(String response) {
        if (!response.startsWith("HTTP/1.1 ")) {
            return -1;
        }
        return Integer.parseInt(response.substring(9, 12));
    }
}
