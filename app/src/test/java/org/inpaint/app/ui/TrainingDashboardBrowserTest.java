package org.inpaint.app.ui;

import static org.inpaint.app.ui.UiTestSupport.assertNoConsoleErrors;
import static org.inpaint.app.ui.UiTestSupport.getJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The training dashboard against the training API (POST/GET/DELETE /v1/training): a tiny deepfill run on the
 * sample photos starts from the form, its loss curve grows while it runs, and Stop ends it.
 */
class TrainingDashboardBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofMinutes(3);
    /** Long enough to still be running when Stop is pressed, short enough to finish quickly if it is not. */
    private static final int STEPS = 100;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        startServerAndBrowser(Map.of("streams.demo", "false", "models.dir", dir.resolve("models").toString(),
                "paths.datasets", dir.toString(), "training.runsDir", dir.toString()));
    }

    private static int curvePoints() {
        String points = browser.find("#loss-chart").getAttribute("data-points");
        return points == null ? 0 : Integer.parseInt(points);
    }

    private static void fill(String css, String value) {
        WebElement input = browser.find(css);
        input.clear();
        input.sendKeys(value);
    }

    @Test
    void aTinyRunStartsItsCurveGrowsAndItStops() {
        assertEquals("idle", getJson(server, "v1/training").getString("state"),
                "GET /v1/training answers the idle status (the training API must be on this server)");
        Path photos = dir.resolve("photos");
        Samples.copyPhotosTo(photos);
        browser.open(UiTestSupport.base(server) + "#training");
        browser.awaitVisible("#view-training", WAIT);

        new Select(browser.find("#train-model")).selectByValue("deepfill");
        fill("#train-data", photos.toString());
        fill("#train-val", photos.toString());
        new Select(browser.find("#train-val-masks")).selectByValue("bins");
        fill("#train-size", "64");
        fill("#train-steps", String.valueOf(STEPS));
        fill("#train-width", "0.25");
        fill("#train-batch", "4");
        fill("#train-out", dir.resolve("run").toString());
        browser.find("#train-start").click();

        browser.await("the run to start", WAIT, () -> browser.find("#training-state").getText(),
                t -> t.equals("State: running") || t.equals("State: finished"));
        JsonObject status = getJson(server, "v1/training");
        assertEquals("deepfill", status.getJsonObject("config").getString("model"), status.encode());
        assertEquals(STEPS, status.getInteger("steps"), status.encode());

        int first = browser.await("a first point on the loss curve", WAIT,
                TrainingDashboardBrowserTest::curvePoints, n -> n >= 1);
        browser.await("the loss curve to grow", WAIT, TrainingDashboardBrowserTest::curvePoints, n -> n > first);
        assertTrue(browser.find("#train-step").getText().matches("\\d+ / " + STEPS), browser.find("#train-step").getText());
        assertFalse(browser.find("#train-ips").getText().equals("–"), "images/s is shown");
        browser.screenshot("training-running-1280x800");

        boolean stoppedEarly = browser.find("#train-stop").isEnabled();
        if (stoppedEarly) {
            browser.find("#train-stop").click();
        }
        String ended = stoppedEarly ? "stopped" : "finished";
        browser.await("the run to end", WAIT, () -> browser.find("#training-state").getText(), ("State: " + ended)::equals);
        JsonObject end = getJson(server, "v1/training");
        assertEquals(ended, end.getString("state"));
        if (stoppedEarly) {
            assertTrue(end.getInteger("step") < STEPS, "Stop ended the run early: " + end.encode());
            assertFalse(end.getJsonArray("checkpoints").isEmpty(), "stopping writes a checkpoint: " + end.encode());
        }
        // the last checkpoint's validation: its gain over NS, the weights chosen, and the weakest hole-ratio bin
        String gain = browser.await("the checkpoint's gain over NS", WAIT,
                () -> browser.find("#train-checkpoints tr:first-child td:nth-of-type(2)").getText(), t -> t.contains("dB"));
        assertTrue(gain.matches("[+−]\\d+\\.\\d\\d dB \\((averaged|trained) weights\\)"), gain);
        String worst = browser.find("#train-checkpoints tr:first-child td:nth-of-type(3)").getText();
        assertTrue(worst.matches("[+−]\\d+\\.\\d\\d dB \\(0\\.\\d,0\\.\\d]"), worst);
        assertTrue(browser.find("#train-start").isEnabled(), "a new run can be started");
        assertFalse(browser.find("#train-stop").isEnabled());
        browser.screenshot("training-finished-1280x800");
        browser.resize(420, 800);
        assertFalse(browser.overflowsHorizontally(), "no horizontal scrolling at 420 px");
        browser.fullPageScreenshot("training-420");
        assertNoConsoleErrors(browser);
    }
}
