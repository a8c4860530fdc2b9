package org.inpaint.app.http;

import org.inpaint.testkit.http.Multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.inpaint.app.InpaintServer;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;

/** One worker and a queue of one: a burst of slow requests is partly refused with 503 + Retry-After, never lost. */
class OverloadTest {

    @Test
    void aFullQueueAnswers503WithRetryAfterAndTheServerStaysUp() throws Exception {
        try (InpaintServer server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "inference.workers", "1", "inference.queueCapacity", "1", "streams.demo", "false")))) {
            String base = "http://127.0.0.1:" + server.port();
            byte[] photo = Samples.photo(Samples.photoNamed("orange"));
            HttpClient client = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Multipart form = new Multipart().file("image", "o.jpg", "image/jpeg", photo)
                        .field("boxes", "100,100,200,150").field("engine", "patchmatch");
                futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/inpaint"))
                        .header("Content-Type", form.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(),
                        HttpResponse.BodyHandlers.ofByteArray()));
            }
            int ok = 0, refused = 0;
            for (CompletableFuture<HttpResponse<byte[]>> f : futures) {
                HttpResponse<byte[]> r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, r.statusCode(), new String(r.body()));
                    assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
                    assertTrue(new String(r.body()).contains("try again shortly"), new String(r.body()));
                    refused++;
                }
            }
            assertTrue(ok >= 2, "the worker and the queue slot were used: " + ok);
            assertTrue(refused >= 1, "some requests were shed: ok " + ok);
            HttpResponse<byte[]> after = HttpApiTest.post(base, new Multipart().file("image", "o.jpg", "image/jpeg", photo)
                    .field("boxes", "10,10,20,20").field("engine", "telea"));
            assertEquals(200, after.statusCode(), "still serving after the burst");
        }
    }
}
