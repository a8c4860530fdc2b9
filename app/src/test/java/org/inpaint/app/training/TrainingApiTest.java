package org.inpaint.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.http.HttpApiTest;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer verticle driven over HTTP, on a run small enough for a test (DeepFill at 64 px, width 0.25). */
class TrainingApiTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static InpaintServer server;
    private static String base;
    private static Path photos;
    private static final List<JsonObject> published = new ArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        photos = Files.createDirectories(dir.resolve("photos"));
        List<Path> all = Samples.copyPhotosTo(dir.resolve("all"));
        for (Path p : all.subList(0, 4)) {
            Files.copy(p, photos.resolve(p.getFileName()));
        }
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "streams.demo", "false", "paths.datasets", dir.toString(),
                // the runs go to each test's own temporary directory
                "training.runsDir", System.getProperty("java.io.tmpdir"))));
        base = "http://127.0.0.1:" + server.port();
        server.vertx().eventBus().<JsonObject>consumer(TrainingClient.PROGRESS, m -> {
            synchronized (published) {
                published.add(m.body());
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject run(long steps, Path out) {
        return new JsonObject().put("model", "deepfill").put("data", photos.toString()).put("val", photos.toString())
                .put("size", 64).put("width", 0.25).put("batch", 2).put("steps", steps).put("criticSteps", 1)
                .put("checkpointEvery", 2).put("sampleEvery", 2).put("out", out.toString());
    }

    @Test
    void aRunStartsReportsProgressWritesSamplesAndCheckpointsAndFinishes(@TempDir Path out) throws Exception {
        HttpResponse<String> started = send("POST", "/v1/training", run(4, out).put("valMasks", "bins"));
        assertEquals(202, started.statusCode(), started.body());
        assertEquals("running", new JsonObject(started.body()).getString("state"));

        HttpResponse<String> again = send("POST", "/v1/training", run(4, out.resolve("second")));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(new JsonObject(again.body()).getString("detail").contains("a training run is active"), again.body());

        JsonObject status = waitFor(s -> !s.getString("state").equals("running"));
        assertEquals("finished", status.getString("state"), status.encode());
        assertEquals(4, status.getLong("step"));
        JsonArray history = status.getJsonArray("history");
        assertEquals(4, history.size());
        assertTrue(history.getJsonObject(3).getJsonObject("losses").containsKey("g_hole_l1"));
        assertEquals(2, status.getJsonArray("checkpoints").size());
        for (Object o : status.getJsonArray("checkpoints")) {
            JsonObject c = (JsonObject) o;
            // validated per hole-ratio bin: the gain over NS overall, per bin, and the lowest of the bins
            assertTrue(Double.isFinite(c.getDouble("gainDb")) && Set.of("averaged", "trained").contains(c.getString("weights")), c.encode());
            JsonObject byBin = c.getJsonObject("gainByBinDb");
            assertEquals(List.of("(0.1,0.2]", "(0.2,0.3]", "(0.3,0.4]", "(0.4,0.5]", "(0.5,0.6]"), List.copyOf(byBin.fieldNames()), c.encode());
            double lowest = byBin.fieldNames().stream().mapToDouble(byBin::getDouble).min().orElseThrow();
            assertEquals(lowest, c.getDouble("worstBinDb"), 1e-12, c.encode());
            assertEquals(lowest, byBin.getDouble(c.getString("worstBin")), 1e-12, "worstBin names the lowest bin: " + c.encode());
        }
        assertEquals(2, status.getJsonArray("samples").size());
        HttpResponse<byte[]> sample = CLIENT.send(HttpRequest.newBuilder(URI.create(base + status.getJsonArray("samples").getString(1))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, sample.statusCode());
        assertEquals("image/png", sample.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Files.isDirectory(out.resolve("model").resolve("deepfill").resolve("v0001")));
        assertEquals(404, CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1/training/files/../../etc/passwd")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        synchronized (published) {
            assertTrue(published.stream().anyMatch(p -> p.getString("event").equals("step") && p.getLong("step") == 4), published.toString());
            assertTrue(published.stream().anyMatch(p -> p.getString("event").equals("finished")));
            assertTrue(published.stream().anyMatch(p -> p.getString("event").equals("checkpoint") && p.containsKey("gainByBinDb")),
                    "the event bus carries the checkpoints' gains: " + published);
        }
    }

    @Test
    void deleteStopsARunWithACheckpointThatResumes(@TempDir Path out) throws Exception {
        assertEquals(202, send("POST", "/v1/training", run(1000, out)).statusCode());
        waitFor(s -> s.getLong("step") >= 1);
        HttpResponse<String> stopping = send("DELETE", "/v1/training", null);
        assertEquals(202, stopping.statusCode());
        JsonObject status = waitFor(s -> !s.getString("state").equals("running") && !s.getString("state").equals("stopping"));
        assertEquals("stopped", status.getString("state"), status.encode());
        long step = status.getLong("step");
        assertTrue(step >= 1 && step < 1000);
        assertTrue(Files.isDirectory(out.resolve("checkpoints").resolve(String.format("step-%08d", step))));
    }

    @Test
    void aRunDirectoryAnotherTrainerHoldsIsAConflictNamingOut(@TempDir Path out) throws Exception {
        try (org.inpaint.training.run.RunLock other = org.inpaint.training.run.RunLock.acquire(out)) {
            HttpResponse<String> refused = send("POST", "/v1/training", run(2, out));
            assertEquals(409, refused.statusCode(), refused.body());
            JsonObject problem = new JsonObject(refused.body());
            assertEquals("out", problem.getString("field"), refused.body());
            assertTrue(problem.getString("detail").contains("is being trained by process " + ProcessHandle.current().pid()),
                    refused.body());
        }
        assertTrue(!Files.exists(out.resolve("manifest.json")), "nothing was written into the held directory");
    }

    @Test
    void badRequestsNameTheField() throws Exception {
        HttpResponse<String> model = send("POST", "/v1/training", run(2, Path.of("x")).put("model", "unet"));
        assertEquals(400, model.statusCode());
        assertEquals("model", new JsonObject(model.body()).getString("field"));
        HttpResponse<String> data = send("POST", "/v1/training", run(2, Path.of("x")).put("data", "no-such-dir"));
        assertEquals(400, data.statusCode());
        assertEquals("data", new JsonObject(data.body()).getString("field"));
        // over HTTP, photos and runs only under the configured roots (paths.datasets, training.runsDir)
        HttpResponse<String> outside = send("POST", "/v1/training", run(2, Path.of("x")).put("data", "/etc"));
        assertEquals(403, outside.statusCode(), outside.body());
        assertEquals("data", new JsonObject(outside.body()).getString("field"));
        assertTrue(new JsonObject(outside.body()).getString("detail").contains("paths.datasets"), outside.body());
        HttpResponse<String> escape = send("POST", "/v1/training", run(2, Path.of("x")).put("val", "photos/../../.."));
        assertEquals(403, escape.statusCode(), escape.body());
        assertEquals("val", new JsonObject(escape.body()).getString("field"));
        HttpResponse<String> runOutside = send("POST", "/v1/training", run(2, Path.of("/etc/elsewhere-run")));
        assertEquals(403, runOutside.statusCode(), runOutside.body());
        assertEquals("out", new JsonObject(runOutside.body()).getString("field"));
        HttpResponse<String> steps = send("POST", "/v1/training", run(2, Path.of("x")).put("steps", "many"));
        assertEquals("steps", new JsonObject(steps.body()).getString("field"));
        HttpResponse<String> valMasks = send("POST", "/v1/training", run(2, Path.of("x")).put("valMasks", "sideways"));
        assertEquals(400, valMasks.statusCode(), valMasks.body());
        assertEquals("valMasks", new JsonObject(valMasks.body()).getString("field"));
        HttpResponse<String> unknown = send("POST", "/v1/training", run(2, Path.of("x")).put("epochs", 3));
        assertEquals("epochs", new JsonObject(unknown.body()).getString("field"));
    }

    private static JsonObject waitFor(java.util.function.Predicate<JsonObject> done) throws Exception {
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject s = new JsonObject(send("GET", "/v1/training", null).body());
            if (done.test(s)) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("training did not reach the state in time: " + send("GET", "/v1/training", null).body());
    }

    private static HttpResponse<String> send(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
