package org.inpaint.app.ui;

import static org.inpaint.app.ui.UiTestSupport.assertNoConsoleErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.deepfill.DeepFillArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The editor in real headless Chromium: upload a photo, paint a mask (box, brush, polygon from the keyboard),
 * inpaint, compare, download; and the attention map of a (tiny, untrained) deepfill network.
 */
class ImageEditorBrowserTest extends BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ImageCodec CODEC = ImageCodec.withDefaults();

    @TempDir
    static Path dir;
    private static RgbImage photo;
    private static Path photoFile;

    @BeforeAll
    static void start() throws Exception {
        Path models = dir.resolve("models");
        NetworkArchitecture arch = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            new WeightStore(models).save("deepfill", arch.buildInto(model, 0.25, 64), new ModelCard("deepfill",
                    arch.paper(), 0.25, 64, 0, "untrained (browser test)", 0, "test",
                    Map.of("psnr_hole_(0.1,0.2]", 12.5), List.of("untrained: only the plumbing is tested")));
        }
        photo = CODEC.decode(Samples.photo(Samples.photoNamed("orange")), "photo").image().crop(new Rect(40, 30, 320, 240));
        photoFile = Files.write(dir.resolve("orange.png"), CODEC.encode(photo, ImageFormat.PNG));
        startServerAndBrowser(Map.of("streams.demo", "false", "models.dir", models.toString()));
    }

    @BeforeEach
    void openEditor() {
        browser.resize(1280, 800);
        browser.open(UiTestSupport.base(server) + "#editor");
        browser.awaitVisible("#view-editor", WAIT);
        browser.find("#image-input").sendKeys(photoFile.toString());
        browser.awaitVisible("#stage", WAIT);
        browser.await("the engine list", WAIT, () -> new Select(browser.find("#engine-select")).getOptions().size(), n -> n > 1);
    }

    @AfterEach
    void noConsoleErrors() {
        assertNoConsoleErrors(browser);
    }

    /** Drags on the mask canvas between two points given as fractions of its width and height. */
    private static void drag(double fx0, double fy0, double fx1, double fy1) {
        WebElement canvas = browser.find("#mask-canvas");
        int w = canvas.getRect().getWidth();
        int h = canvas.getRect().getHeight();
        new Actions(browser.driver)
                .moveToElement(canvas, (int) ((fx0 - 0.5) * w), (int) ((fy0 - 0.5) * h)).clickAndHold()
                .moveByOffset((int) ((fx1 - fx0) * w / 2), (int) ((fy1 - fy0) * h / 2))
                .moveByOffset((int) ((fx1 - fx0) * w / 2), (int) ((fy1 - fy0) * h / 2))
                .release().perform();
    }

    /** The mask as the page holds it: true where the painted alpha makes a hole. */
    private static boolean[] paintedMask() {
        String bits = (String) browser.js("""
                const c = document.getElementById('mask-canvas');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let s = '';
                for (let i = 3; i < d.length; i += 4) s += d[i] >= 128 ? '1' : '0';
                return s;""");
        boolean[] holes = new boolean[bits.length()];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = bits.charAt(i) == '1';
        }
        return holes;
    }

    private static byte[] fetchBytes(String url) {
        String base64 = (String) browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
                  const u = new Uint8Array(b); let s = '';
                  for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
                  done(btoa(s));
                }).catch(e => done('error: ' + e));""", url);
        assertFalse(base64.startsWith("error"), base64);
        return Base64.getDecoder().decode(base64);
    }

    @Test
    void aPaintedImageComesBackFilledWithTheKnownPixelsUnchanged() {
        browser.find("#tool-box").click();
        drag(0.30, 0.30, 0.55, 0.60);
        browser.find("#tool-brush").click();
        drag(0.70, 0.20, 0.85, 0.45);
        WebElement canvas = browser.find("#mask-canvas");
        browser.js("arguments[0].focus()", canvas);
        canvas.sendKeys("p");
        canvas.sendKeys(Keys.SPACE, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.SPACE,
                Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.SPACE, Keys.ENTER);
        browser.screenshot("editor-mask-1280x800");

        boolean[] holes = paintedMask();
        assertEquals(photo.width() * photo.height(), holes.length);
        assertTrue(holes[(int) (0.45 * photo.height()) * photo.width() + (int) (0.42 * photo.width())], "inside the box");
        assertTrue(holes[(int) (0.32 * photo.height()) * photo.width() + (int) (0.77 * photo.width())], "on the brush stroke");
        assertTrue(holes[(photo.height() / 2 + 6) * photo.width() + photo.width() / 2 - 4], "inside the keyboard polygon");
        assertFalse(holes[5 * photo.width() + 5], "a corner stays known");

        new Select(browser.find("#engine-select")).selectByValue("telea");
        browser.find("#inpaint-button").click();
        browser.awaitVisible("#result", WAIT);
        WebElement download = browser.find("#download-link");
        assertEquals("orange-inpainted.png", download.getAttribute("download"));
        RgbImage result = CODEC.decode(fetchBytes(download.getAttribute("href")), "result").image();
        assertEquals(photo.width(), result.width());
        assertEquals(photo.height(), result.height());
        long changedInHoles = 0;
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                boolean hole = holes[y * photo.width() + x];
                for (int c = 0; c < 3; c++) {
                    if (!hole) {
                        assertEquals(photo.get(x, y, c), result.get(x, y, c), "known pixel (" + x + "," + y + ") changed");
                    } else if (photo.get(x, y, c) != result.get(x, y, c)) {
                        changedInHoles++;
                    }
                }
            }
        }
        assertTrue(changedInHoles > 1000, "the holes were filled: " + changedInHoles + " channel values changed");
        assertTrue(browser.find("#result-stats").getText().contains("Engine: telea"));
        browser.screenshot("editor-result-split-1280x800");

        browser.find("#compare-mode").click();
        assertEquals("true", browser.find("#compare-mode").getAttribute("aria-pressed"));
        browser.screenshot("editor-result-side-by-side-1280x800");
        browser.resize(420, 800);
        assertFalse(browser.overflowsHorizontally(), "no horizontal scrolling at 420 px");
        browser.fullPageScreenshot("editor-result-420");
        browser.find("#compare-mode").click();
    }

    /** A bundled photo with an irregular cut-out of another pasted on it, opened in the editor. */
    private static org.inpaint.ingest.synth.Composites.Composite loadComposite() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = org.inpaint.ingest.synth.Composites.make(photo,
                CODEC.decode(Samples.photo(Samples.photos().get(2)), "p").image(), new java.util.Random(8), 320, 0.05);
        Path file = Files.write(dir.resolve("composite.png"), CODEC.encode(c.image(), ImageFormat.PNG));
        browser.find("#image-input").sendKeys(file.toString());
        browser.await("the composite in the editor", WAIT, () -> browser.js(
                "return document.getElementById('mask-canvas').width + 'x' + document.getElementById('mask-canvas').height"),
                size -> (c.image().width() + "x" + c.image().height()).equals(size));
        return c;
    }

    /** The page's mask against the object: {selected object pixels, object pixels, selected pixels}. */
    private static long[] selectedAgainst(Mask object) {
        boolean[] holes = paintedMask();
        long hit = 0, truth = 0, chosen = 0;
        for (int i = 0; i < holes.length; i++) {
            boolean t = object.data()[i] != 0;
            truth += t ? 1 : 0;
            chosen += holes[i] ? 1 : 0;
            hit += t && holes[i] ? 1 : 0;
        }
        return new long[] {hit, truth, chosen};
    }

    @Test
    void theSelectToolFindsTheObjectInADraggedBox() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = loadComposite();
        browser.find("#tool-select").click();
        assertEquals("true", browser.find("#tool-select").getAttribute("aria-pressed"));
        Rect b = c.box();
        double w = c.image().width(), h = c.image().height();
        drag((b.x() + 0.5) / w, (b.y() + 0.5) / h, (b.x() + b.width() - 0.5) / w, (b.y() + b.height() - 0.5) / h);
        browser.await("the selected object in the mask", WAIT, () -> {
            boolean[] m = paintedMask();
            int n = 0;
            for (boolean x : m) {
                n += x ? 1 : 0;
            }
            return n;
        }, n -> n > 0);
        long[] counts = selectedAgainst(c.object());
        long hit = counts[0], truth = counts[1], chosen = counts[2];
        assertTrue(hit >= 0.9 * truth, "recall " + hit + "/" + truth);
        assertTrue(hit >= 0.75 * chosen, "precision " + hit + "/" + chosen);
        browser.screenshot("editor-select-1280x800");
        browser.js("document.activeElement.blur()");
        new Actions(browser.driver).keyDown(Keys.CONTROL).sendKeys("z").keyUp(Keys.CONTROL).perform();
        boolean[] undone = paintedMask();
        for (boolean x : undone) {
            assertFalse(x, "one undo takes the selection back");
        }
    }

    @Test
    void theSelectToolFindsTheObjectUnderAClick() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = loadComposite();
        browser.find("#tool-select").click();
        int[] click = c.click();
        double w = c.image().width(), h = c.image().height();
        drag((click[0] + 0.5) / w, (click[1] + 0.5) / h, (click[0] + 0.5) / w, (click[1] + 0.5) / h);
        browser.await("the clicked object in the mask", WAIT, () -> paintedMask()[click[1] * c.image().width() + click[0]],
                painted -> painted);
        long[] counts = selectedAgainst(c.object());
        long hit = counts[0], truth = counts[1], chosen = counts[2];
        // the same segmenter as POST /v1/segment with points; a click says less than a box (docs/quality.md)
        assertTrue(hit >= 0.5 * truth, "recall " + hit + "/" + truth);
        assertTrue(hit >= 0.5 * chosen, "precision " + hit + "/" + chosen);
    }

    @Test
    void theSelectToolFindsTheObjectUnderAShiftDraggedStroke() throws Exception {
        org.inpaint.ingest.synth.Composites.Composite c = loadComposite();
        browser.find("#tool-select").click();
        // what the page sends to /v1/segment, to tell a stroke from a box or a click
        browser.js("const send = window.fetch; window.segmentFields = [];"
                + " window.fetch = (url, options) => { if (String(url).includes('v1/segment'))"
                + " window.segmentFields.push([...options.body.keys()].join(',')); return send(url, options); };");
        List<int[]> stroke = c.scribble();
        WebElement canvas = browser.find("#mask-canvas");
        double sx = canvas.getRect().getWidth() / (double) c.image().width();
        double sy = canvas.getRect().getHeight() / (double) c.image().height();
        Actions actions = new Actions(browser.driver).keyDown(Keys.SHIFT).moveToElement(canvas,
                (int) ((stroke.get(0)[0] + 0.5 - c.image().width() / 2.0) * sx),
                (int) ((stroke.get(0)[1] + 0.5 - c.image().height() / 2.0) * sy)).clickAndHold();
        for (int i = 1; i < stroke.size(); i++) {
            actions = actions.moveByOffset((int) ((stroke.get(i)[0] - stroke.get(i - 1)[0]) * sx),
                    (int) ((stroke.get(i)[1] - stroke.get(i - 1)[1]) * sy));
        }
        actions.release().keyUp(Keys.SHIFT).perform();
        int[] start = stroke.get(0);
        browser.await("the stroked object in the mask", WAIT, () -> paintedMask()[start[1] * c.image().width() + start[0]],
                painted -> painted);
        long[] counts = selectedAgainst(c.object());
        long hit = counts[0], truth = counts[1], chosen = counts[2];
        assertTrue(hit >= 0.7 * truth, "recall " + hit + "/" + truth);
        assertTrue(hit >= 0.5 * chosen, "precision " + hit + "/" + chosen);
        assertEquals("", browser.js("return document.querySelector('.polygon-preview polyline').getAttribute('points')"),
                "the stroke's preview is gone");
        assertEquals("image,scribbles", browser.js("return window.segmentFields.join(';')"), "one request, with the stroke");
    }

    @Test
    void deepfillShowsItsAttentionMapAndItsModelCard() {
        new Select(browser.find("#engine-select")).selectByValue("deepfill");
        browser.await("deepfill's model card", WAIT, () -> browser.find("#engine-card").isDisplayed(), Boolean::booleanValue);
        browser.find("#engine-card summary").click();
        assertTrue(browser.find("#engine-card").getText().contains("untrained (browser test)"));
        browser.find("#tool-box").click();
        drag(0.35, 0.35, 0.65, 0.65);
        browser.find("#attention-button").click();
        browser.awaitVisible("#attention", WAIT);
        int width = browser.await("the attention picture", WAIT, () -> ((Number) browser.js(
                "return document.getElementById('attention-image').naturalWidth")).intValue(), w -> w > 0);
        assertEquals(photo.width(), width);
        browser.screenshot("editor-attention-1280x800");

        new Select(browser.find("#engine-select")).selectByValue("telea");
        assertFalse(browser.find("#attention-button").isEnabled(), "classical engines have no attention map");
    }

    @Test
    void inpaintingWithoutAMaskSaysWhatIsMissing() {
        browser.find("#inpaint-button").click();
        browser.awaitVisible("#error", WAIT);
        assertTrue(browser.find("#error").getText().contains("Nothing painted"));
        assertEquals("true", browser.find("#mask-canvas").getAttribute("aria-invalid"));
        assertTrue(browser.find("#result").getAttribute("hidden") != null);
    }
}
