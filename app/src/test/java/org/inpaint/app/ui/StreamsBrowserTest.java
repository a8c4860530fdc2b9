package org.inpaint.app.ui;

import static org.inpaint.app.ui.UiTestSupport.assertNoConsoleErrors;
import static org.inpaint.app.ui.UiTestSupport.getJson;
import static org.inpaint.app.ui.UiTestSupport.pixelChecksum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The streams, metrics and models views in real headless Chromium against the real server with its demo stream
 * (the bundled street clip looped as a live camera).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamsBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEMO = "article[data-stream='demo']";

    @BeforeAll
    static void start() {
        startServerAndBrowser(Map.of("streams.demo", "true", "streams.demoEngine", "telea",
                "paths.media", Samples.videoClip().getParent().toString()));
    }

    @BeforeEach
    void wide() {
        browser.resize(1280, 800);
    }

    @AfterEach
    void noConsoleErrors() {
        assertNoConsoleErrors(browser);
    }

    private static void openView(String view) {
        browser.open(UiTestSupport.base(server) + "#" + view);
        browser.awaitVisible("#view-" + view, WAIT);
    }

    private static long previewFrames() {
        String frames = browser.find(DEMO).getAttribute("data-frames");
        return frames == null ? 0 : Long.parseLong(frames);
    }

    @Test
    @Order(1)
    void theDemoStreamsPreviewFramesChange() {
        openView("streams");
        browser.await("preview frames of the demo stream", WAIT, StreamsBrowserTest::previewFrames, n -> n >= 2);
        long framesAtFirst = previewFrames(); // read before the first image, so the different one is a later frame
        long first = browser.await("the result image to load", WAIT,
                () -> pixelChecksum(browser, DEMO + " img.stream-after"), v -> v != -1);
        long before = pixelChecksum(browser, DEMO + " img.stream-before");
        long later = browser.await("a different result frame", WAIT, () -> pixelChecksum(browser, DEMO + " img.stream-after"),
                v -> v != -1 && v != first);
        assertNotEquals(first, later);
        assertTrue(previewFrames() > framesAtFirst, "more preview frames arrived");
        assertNotEquals(-1, before, "the input frame is shown too");
        // a new frame may be loading into the image right now (naturalWidth 0 until it decodes): wait for one that shows
        int width = browser.await("a decoded result frame", WAIT, () -> ((Number) browser.js(
                "const i = document.querySelector(arguments[0]); return i.complete ? i.naturalWidth : 0",
                DEMO + " img.stream-after")).intValue(), w -> w > 0);
        assertEquals(Samples.VIDEO_WIDTH, width);

        browser.await("the stream's rate, latency and drops", WAIT, () -> browser.find(DEMO + " .stat-fps").getText(),
                t -> t.matches("[0-9.]+ fps") && !t.startsWith("0 "));
        assertTrue(browser.find(DEMO + " .stat-latency").getText().matches("\\d+ ms"));
        assertTrue(browser.find(DEMO + " .stat-dropped").getText().matches("[\\d,]+ of [\\d,]+"));
        assertEquals("running", browser.find(DEMO + " .stream-state").getText());
        browser.screenshot("streams-1280x800");

        WebElement mode = browser.find(DEMO + " button.stream-mode");
        mode.click();
        assertEquals("true", mode.getAttribute("aria-pressed"));
        assertTrue(browser.find(DEMO + " .compare").getAttribute("class").contains("side-by-side"));
        browser.screenshot("streams-side-by-side-1280x800");
        mode.click();

        browser.resize(420, 800);
        assertFalse(browser.overflowsHorizontally(), "no horizontal scrolling at 420 px");
        browser.fullPageScreenshot("streams-420");
    }

    @Test
    @Order(2)
    void engineIsSwitchedLiveFromTheCard() {
        openView("streams");
        browser.await("the demo card's engine list", WAIT,
                () -> new Select(browser.find(DEMO + " select.stream-engine")).getOptions().size(), n -> n > 1);
        new Select(browser.find(DEMO + " select.stream-engine")).selectByValue("ns");
        browser.await("the server to run demo on ns", WAIT, () -> getJson(server, "v1/streams/demo").getString("engine"),
                "ns"::equals);
        new Select(browser.find(DEMO + " select.stream-engine")).selectByValue("telea");
        browser.await("the server to run demo on telea again", WAIT,
                () -> getJson(server, "v1/streams/demo").getString("engine"), "telea"::equals);
    }

    @Test
    @Order(3)
    void aStreamIsAddedFromAFileAndStopped() {
        openView("streams");
        browser.find("#stream-source").sendKeys(Samples.videoClip().toString());
        browser.find("#stream-id").sendKeys("second");
        browser.find("#stream-loop").click();
        browser.find("#stream-add").click();
        String card = "article[data-stream='second']";
        browser.await("frames on the added stream's card", WAIT, () -> browser.find(card).getAttribute("data-frames"),
                f -> f != null && Long.parseLong(f) >= 2);
        assertEquals(2, browser.findAll(".stream-card").size());
        browser.screenshot("streams-two-1280x800");

        browser.find(card + " button.stream-stop").click();
        browser.await("the card to go", WAIT, () -> browser.findAll(card).size(), n -> n == 0);
        JsonArray running = getJson(server, "v1/streams").getJsonArray("streams");
        assertEquals(1, running.size(), running.encode());
    }

    @Test
    @Order(4)
    void aPausedFramesMaskIsAppliedToTheStreamAsStaticOrMotionRegion() {
        openView("streams");
        browser.await("preview frames", WAIT, StreamsBrowserTest::previewFrames, n -> n >= 1);
        browser.find(DEMO + " button.stream-pause").click();
        browser.awaitVisible("#stage", WAIT);
        assertEquals("#editor", browser.js("return location.hash"));
        assertEquals("demo", browser.find("#stream-target-name").getText());

        // A box from the keyboard: the focused mask canvas takes arrows and Space.
        WebElement canvas = browser.find("#mask-canvas");
        browser.js("arguments[0].focus()", canvas);
        canvas.sendKeys("r");
        canvas.sendKeys(Keys.SPACE, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_DOWN,
                Keys.ARROW_DOWN, Keys.SPACE);
        browser.find("#mask-mode-motion").click();
        browser.find("#apply-stream-mask").click();
        browser.await("the apply confirmation", WAIT, () -> browser.find("#apply-status").getText(),
                t -> t.startsWith("Applied to demo"));
        JsonObject mask = getJson(server, "v1/streams/demo").getJsonObject("mask");
        assertEquals("motion", mask.getString("kind"), mask.encode());
        browser.screenshot("editor-stream-mask-1280x800");

        browser.find("#mask-mode-static").click();
        browser.find("#apply-stream-mask").click();
        browser.await("the stream to take the static mask", WAIT,
                () -> getJson(server, "v1/streams/demo").getJsonObject("mask").getString("kind"), "image"::equals);

        browser.find("#leave-stream").click();
        browser.awaitVisible("#view-streams", WAIT);
        long frames = browser.await("preview frames after resuming", WAIT, StreamsBrowserTest::previewFrames, n -> n >= 1);
        browser.await("more preview frames", WAIT, StreamsBrowserTest::previewFrames, n -> n > frames);
    }

    @Test
    @Order(5)
    void metricsArePlotted() {
        openView("metrics");
        for (String chart : new String[] {"#chart-throughput", "#chart-queue", "#chart-latency", "#chart-fps", "#chart-drops"}) {
            browser.await(chart + " to have points", WAIT, () -> browser.find(chart).getAttribute("data-points"),
                    p -> p != null && Integer.parseInt(p) >= 3);
        }
        String fps = browser.find("#chart-fps").getAttribute("aria-label");
        assertTrue(fps.contains("demo"), fps);
        browser.screenshot("metrics-1280x800");
        browser.resize(420, 800);
        assertFalse(browser.overflowsHorizontally(), "no horizontal scrolling at 420 px");
        browser.fullPageScreenshot("metrics-420");
    }

    @Test
    @Order(6)
    void everyEngineHasACard() {
        openView("models");
        int engines = getJson(server, "v1/engines").getJsonArray("engines").size();
        browser.await("a card per engine", WAIT, () -> browser.findAll("#models-list .model-card").size(), n -> n == engines);
        assertTrue(browser.find(".model-card[data-model='deepfill']").getText().contains("Not ready"));
        browser.screenshot("models-1280x800");
    }

    @Test
    @Order(7)
    void viewsAreReachedFromTheKeyboard() {
        openView("streams");
        browser.find("body").sendKeys(Keys.TAB);
        assertEquals("Skip to content", browser.driver.switchTo().activeElement().getDomProperty("textContent"));
        WebElement active = browser.driver.switchTo().activeElement();
        for (int i = 0; i < 4; i++) {
            active.sendKeys(Keys.TAB);
            active = browser.driver.switchTo().activeElement();
        }
        assertEquals("Metrics", active.getDomProperty("textContent"));
        active.sendKeys(Keys.ENTER);
        browser.awaitVisible("#view-metrics", WAIT);
        assertEquals("page", browser.find(".views-nav a[data-view='metrics']").getAttribute("aria-current"));
        assertEquals("main", browser.driver.switchTo().activeElement().getAttribute("id"));
    }
}
