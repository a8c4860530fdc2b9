package org.inpaint.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.http.HttpApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server with an API token, on a real socket: every /v1 route, /metrics and the preview WebSocket refuse a
 * caller without it; the Bearer header, or the cookie /login sets, let the caller in; /health, /ready and the page
 * stay open; a WebSocket from a foreign origin is refused even with the token.
 */
class ExposedServerTest {

    private static final String TOKEN = "test-token-7f3a";
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static InpaintServer server;
    private static String base;

    @BeforeAll
    static void start() {
        server = InpaintServer.start(HttpApiTest.settings(Map.of("http.port", "0", "http.host", "127.0.0.1",
                "http.token", TOKEN, "streams.demo", "true", "streams.demoEngine", "telea")));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiNeedsTheTokenAndHealthAndThePageDoNot() throws Exception {
        for (String path : List.of("/v1/engines", "/v1/streams", "/v1/models", "/v1/training", "/metrics")) {
            HttpResponse<String> none = get(path);
            assertEquals(401, none.statusCode(), path);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""), path);
            if (path.startsWith("/v1")) {
                assertEquals("Authorization", new JsonObject(none.body()).getString("field"), none.body());
            }
            assertEquals(401, get(path, "Authorization", "Bearer wrong-" + TOKEN).statusCode(), path);
            assertEquals(401, get(path, "Authorization", TOKEN).statusCode(), path + " without the Bearer scheme");
            assertEquals(200, get(path, "Authorization", "Bearer " + TOKEN).statusCode(), path);
        }
        assertEquals(200, get("/health").statusCode());
        assertEquals(200, get("/ready").statusCode());
        assertEquals(200, get("/").statusCode());
        assertEquals(200, get("/login").statusCode());
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieThatOpensTheApi() throws Exception {
        HttpResponse<String> wrong = get("/login?token=nope");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());

        HttpResponse<String> login = get("/login?token=" + TOKEN);
        assertEquals(303, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith(ApiAccess.COOKIE + "=" + TOKEN), cookie);
        assertTrue(cookie.toLowerCase(java.util.Locale.ROOT).contains("httponly"), cookie);
        assertTrue(cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, get("/v1/engines", "Cookie", ApiAccess.COOKIE + "=" + TOKEN).statusCode());
        assertEquals(401, get("/v1/engines", "Cookie", ApiAccess.COOKIE + "=stale").statusCode());

        HttpResponse<String> posted = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, posted.statusCode());
    }

    @Test
    void thePreviewWebSocketNeedsTheTokenAndThePagesOrigin() throws Exception {
        String ws = "ws://127.0.0.1:" + server.port() + "/v1/streams/demo/preview";
        assertRefused(HttpClient.newHttpClient().newWebSocketBuilder(), ws);
        assertRefused(HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + TOKEN)
                .header("Origin", "http://evil.example"), ws);

        CompletableFuture<Integer> firstMessage = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Cookie", ApiAccess.COOKIE + "=" + TOKEN)
                .header("Origin", "http://127.0.0.1:" + server.port())
                .buildAsync(URI.create(ws), new WebSocket.Listener() {
                    @Override
                    public CompletableFuture<?> onBinary(WebSocket w, java.nio.ByteBuffer data, boolean last) {
                        firstMessage.complete(data.remaining());
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
        assertTrue(firstMessage.get(60, TimeUnit.SECONDS) > 100, "the demo stream's preview arrives");
        socket.abort();
    }

    private static void assertRefused(WebSocket.Builder builder, String url) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> builder.buildAsync(URI.create(url), new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, String.valueOf(e.getCause()));
        assertEquals(401, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }
}
