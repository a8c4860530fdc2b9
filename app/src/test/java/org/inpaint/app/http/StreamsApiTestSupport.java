package org.inpaint.app.http;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.InpaintServer;

/** Small HTTP helpers for the stream tests. */
final class StreamsApiTestSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private StreamsApiTestSupport() {
    }

    static JsonObject get(InpaintServer server, String path) throws Exception {
        return new JsonObject(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    static void awaitFrames(InpaintServer server, String id, long frames) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (get(server, "/v1/streams/" + id).getLong("framesOut", 0L) < frames) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream " + id + " produced fewer than " + frames + " frames in 60 s");
            }
            Thread.sleep(100);
        }
    }
}
