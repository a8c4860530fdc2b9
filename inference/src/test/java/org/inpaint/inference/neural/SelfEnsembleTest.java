package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card that says "selfEnsemble": "mirror" serves the network twice, as given and mirrored, and averages: its fill
 * is the mean of the one-pass fill and the one-pass fill of the mirrored photo mirrored back, to the rounding of
 * 8-bit pixels; the configuration can switch it off.
 */
class SelfEnsembleTest {

    private static final int SIZE = 64;

    @AfterEach
    void clearSettings() {
        System.clearProperty(NeuralEngine.SELF_ENSEMBLE_PROPERTY);
    }

    @Test
    void aMirroredCardAveragesTheFillWithTheMirroredFillMirroredBack(@TempDir Path store) {
        StoredModel version = untrainedLbam(store, "mirror");
        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image()
                .crop(new Rect(37, 21, SIZE + 9, SIZE));
        Mask holes = Mask.ofBoxes(photo.width(), photo.height(), List.of(new Rect(9, 14, 30, 17)));
        LbamArchitecture lbam = new LbamArchitecture();

        RgbImage mirrored = fill(new NeuralEngine(lbam, version, null), photo, holes);
        System.setProperty(NeuralEngine.SELF_ENSEMBLE_PROPERTY, "none");
        RgbImage plain;
        RgbImage plainOfMirror;
        try (NeuralEngine onePass = new NeuralEngine(lbam, version, null)) {
            assertEquals(SelfEnsemble.NONE, onePass.selfEnsemble(), "the configuration overrides the card");
            plain = onePass.inpaint(List.of(new EngineInput(photo, holes))).get(0);
            plainOfMirror = mirror(onePass.inpaint(List.of(new EngineInput(mirror(photo), mirror(holes)))).get(0));
        }

        int worst = 0;
        int differingFromOnePass = 0;
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    double expected = (plain.get(x, y, c) + plainOfMirror.get(x, y, c)) / 2.0;
                    worst = Math.max(worst, (int) Math.ceil(Math.abs(mirrored.get(x, y, c) - expected)));
                    if (holes.isHole(x, y) && mirrored.get(x, y, c) != plain.get(x, y, c)) {
                        differingFromOnePass++;
                    }
                }
            }
        }
        assertTrue(worst <= 1, "the mirrored fill is the mean of the two passes to one grey level; worst " + worst);
        assertTrue(differingFromOnePass > 100, "untrained weights are not symmetric, so the second pass shows: "
                + differingFromOnePass + " hole values differ from the one-pass fill");
    }

    @Test
    void aFlipsCardAveragesTheFourFlippedFillsFlippedBack(@TempDir Path store) {
        StoredModel version = untrainedLbam(store, "flips");
        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image()
                .crop(new Rect(30, 12, SIZE + 9, SIZE + 5));
        Mask holes = Mask.ofBoxes(photo.width(), photo.height(), List.of(new Rect(9, 14, 30, 17), new Rect(40, 40, 12, 20)));
        LbamArchitecture lbam = new LbamArchitecture();

        RgbImage flipped = fill(new NeuralEngine(lbam, version, null), photo, holes);
        System.setProperty(NeuralEngine.SELF_ENSEMBLE_PROPERTY, "none");
        List<RgbImage> passesBack = new java.util.ArrayList<>();
        try (NeuralEngine onePass = new NeuralEngine(lbam, version, null)) {
            for (boolean upDown : new boolean[] {false, true}) {
                for (boolean leftRight : new boolean[] {false, true}) {
                    RgbImage pass = onePass.inpaint(List.of(new EngineInput(flip(photo, leftRight, upDown),
                            flip(holes, leftRight, upDown)))).get(0);
                    passesBack.add(flip(pass, leftRight, upDown));
                }
            }
        }

        int worst = 0;
        int differingFromMirror = 0;
        for (int y = 0; y < photo.height(); y++) {
            for (int x = 0; x < photo.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    double sum = 0;
                    for (RgbImage pass : passesBack) {
                        sum += pass.get(x, y, c);
                    }
                    worst = Math.max(worst, (int) Math.ceil(Math.abs(flipped.get(x, y, c) - sum / 4)));
                    double mirrorMean = (passesBack.get(0).get(x, y, c) + passesBack.get(1).get(x, y, c)) / 2.0;
                    if (holes.isHole(x, y) && Math.abs(flipped.get(x, y, c) - mirrorMean) > 1) {
                        differingFromMirror++;
                    }
                }
            }
        }
        assertTrue(worst <= 1, "the four-pass fill is the mean of the four passes flipped back, to one grey level; worst " + worst);
        assertTrue(differingFromMirror > 100, "the upside-down passes show in the fill: " + differingFromMirror
                + " hole values differ from the mirrored pair's mean by more than a grey level");
        assertEquals(SelfEnsemble.FLIPS, SelfEnsemble.of("flips", "selfEnsemble"));
    }

    @Test
    void cardsWithoutTheSettingAreServedInOnePassAndUnknownSettingsAreNamed(@TempDir Path store) {
        StoredModel old = untrainedLbam(store, null);
        assertEquals("none", old.card().selfEnsemble());
        try (NeuralEngine engine = new NeuralEngine(new LbamArchitecture(), old, null)) {
            assertEquals(SelfEnsemble.NONE, engine.selfEnsemble());
        }
        assertEquals(SelfEnsemble.MIRROR, SelfEnsemble.of(" Mirror ", "f"));
        InpaintException e = assertThrows(InpaintException.class, () -> SelfEnsemble.of("sideways", "selfEnsemble"));
        assertEquals("selfEnsemble", e.field());
        assertTrue(e.getMessage().contains("sideways") && e.getMessage().contains("mirror"), e.getMessage());

        System.setProperty(NeuralEngine.SELF_ENSEMBLE_PROPERTY, "twice");
        InpaintException configured = assertThrows(InpaintException.class, () -> new NeuralEngine(new LbamArchitecture(), old, null));
        assertEquals(NeuralEngine.SELF_ENSEMBLE_PROPERTY, configured.field());
    }

    private static StoredModel untrainedLbam(Path store, String selfEnsemble) {
        LbamArchitecture lbam = new LbamArchitecture();
        try (Model model = Model.newInstance("lbam", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(11);
            return new WeightStore(store).save("lbam", lbam.buildInto(model, 0.25, SIZE), new ModelCard("lbam",
                    lbam.paper(), 0.25, SIZE, 0, "untrained (test)", 0, "test", Map.of(), List.of(), "none", selfEnsemble, null, null));
        }
    }

    private static RgbImage fill(InpaintEngine engine, RgbImage image, Mask holes) {
        try (engine) {
            return engine.inpaint(List.of(new EngineInput(image, holes))).get(0);
        }
    }

    private static RgbImage mirror(RgbImage image) {
        return flip(image, true, false);
    }

    private static Mask mirror(Mask holes) {
        return flip(holes, true, false);
    }

    private static RgbImage flip(RgbImage image, boolean leftRight, boolean upDown) {
        RgbImage m = RgbImage.blank(image.width(), image.height());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    m.set(leftRight ? image.width() - 1 - x : x, upDown ? image.height() - 1 - y : y, c, image.get(x, y, c));
                }
            }
        }
        return m;
    }

    private static Mask flip(Mask holes, boolean leftRight, boolean upDown) {
        Mask m = Mask.empty(holes.width(), holes.height());
        for (int y = 0; y < holes.height(); y++) {
            for (int x = 0; x < holes.width(); x++) {
                m.set(leftRight ? holes.width() - 1 - x : x, upDown ? holes.height() - 1 - y : y, holes.isHole(x, y));
            }
        }
        return m;
    }
}
