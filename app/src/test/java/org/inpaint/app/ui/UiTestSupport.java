package org.inpaint.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.inpaint.app.InpaintServer;

/** What the browser tests share: the server's JSON, and the page's images read back as pixels. */
final class UiTestSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private UiTestSupport() {
    }

    static String base(InpaintServer server) {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    static JsonObject getJson(InpaintServer server, String path) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base(server) + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return new JsonObject(r.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    /**
     * A checksum of the pixels of an {@code <img>} as the page shows it (drawn to a canvas, so it is what was
     * decoded, not a URL), or -1 while the image has not loaded.
     */
    static long pixelChecksum(Browser browser, String imageCss) {
        Object v = browser.js("""
                const img = document.querySelector(arguments[0]);
                if (!img || !img.complete || img.naturalWidth === 0) return -1;
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const ctx = c.getContext('2d');
                ctx.drawImage(img, 0, 0);
                const d = ctx.getImageData(0, 0, c.width, c.height).data;
                let h = 0;
                for (let i = 0; i < d.length; i++) h = (h * 31 + d[i]) % 2147483647;
                return h;""", imageCss);
        return ((Number) v).longValue();
    }

    /** Fails with the messages when the page logged errors (console.error, uncaught exceptions, failed loads). */
    static void assertNoConsoleErrors(Browser browser) {
        List<String> errors = browser.consoleErrors();
        assertEquals(List.of(), errors, "the browser console has errors");
    }
}
