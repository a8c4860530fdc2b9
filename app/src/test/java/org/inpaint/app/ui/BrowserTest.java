package org.inpaint.app.ui;

import java.util.HashMap;
import java.util.Map;
import org.inpaint.app.InpaintServer;
import org.inpaint.app.http.HttpApiTest;
import org.junit.jupiter.api.AfterAll;

/**
 * A browser test class: its {@code @BeforeAll} calls {@link #startServerAndBrowser} once; the server (on a free
 * loopback port) and the 1280×800 headless browser are closed after the class.
 */
abstract class BrowserTest {

    static InpaintServer server;
    static Browser browser;

    /** @param settings configuration beyond the loopback address and free port, e.g. {@code streams.demo} */
    static void startServerAndBrowser(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("http.port", "0");
        all.put("http.host", "127.0.0.1");
        server = InpaintServer.start(HttpApiTest.settings(all));
        browser = new Browser(1280, 800);
    }

    @AfterAll
    static void closeServerAndBrowser() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            browser = null;
            server = null;
        }
    }
}
