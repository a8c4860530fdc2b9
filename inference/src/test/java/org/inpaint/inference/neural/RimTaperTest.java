package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.Distance;
import org.inpaint.inference.neural.deepfill.DeepFillArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card's rim taper fades the residual over the prefill in over the hole's first pixels: d/n of it at d pixels from
 * the nearest known pixel, all of it from n in.
 */
class RimTaperTest {

    @Test
    void theWeightIsTheDistanceToTheNearestKnownPixelOverTheTaperUpToOne() {
        Mask holes = Mask.ofBoxes(13, 11, List.of(new Rect(2, 2, 9, 7)));
        int[] distance = Distance.toKnown(holes.data(), 13, 11);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] weights = new RimTaper(3).weights(mask(m, holes)).toFloatArray();
            for (int i = 0; i < weights.length; i++) {
                assertEquals(Math.min(distance[i], 3) / 3f, weights[i], 1e-6,
                        "at (" + i % 13 + ", " + i / 13 + "), " + distance[i] + " px from the known pixels");
            }
            assertEquals(2 / 3f, weights[4 * 13 + 3], 1e-6);
            assertEquals(1f, weights[5 * 13 + 6], 1e-6);

            // beyond the image's border counts as hole: the top two rows, all hole, are 2 and 1 px from row 2
            Mask top = Mask.ofBoxes(13, 11, List.of(new Rect(0, 0, 13, 2)));
            float[] edge = new RimTaper(3).weights(mask(m, top)).toFloatArray();
            assertEquals(2 / 3f, edge[6], 1e-6);
            assertEquals(1 / 3f, edge[13 + 6], 1e-6);
            assertEquals(0f, edge[2 * 13 + 6], 1e-6);
        }
    }

    @Test
    void theServedFillIsThePrefillPlusTheTaperedResidualAndNoTaperLeavesTheOutputAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mask holes = Mask.ofBoxes(8, 8, List.of(new Rect(1, 1, 6, 6)));
            NDArray mask = mask(m, holes);
            NDArray prefilled = m.full(new Shape(1, 3, 8, 8), 0.2f);
            NDArray output = m.full(new Shape(1, 3, 8, 8), 0.6f);
            float[] served = new RimTaper(2).apply(prefilled, output, mask).toFloatArray();
            assertEquals(0.2f, served[0], 1e-6, "known pixel: the prefill (the paste keeps the photo's own anyway)");
            assertEquals(0.4f, served[8 + 1], 1e-6, "1 px in: half the residual");
            assertEquals(0.6f, served[2 * 8 + 2], 1e-6, "2 px in: all of it");
            assertSame(output, RimTaper.NONE.apply(prefilled, output, mask));
        }
    }

    /**
     * A shipped DeepFill, a residual over Navier-Stokes, served with a 4 px taper: deep in the hole its fill is the
     * untapered fill, at 1 px from the known pixels a quarter as far from the prefill, to 8-bit rounding.
     */
    @Test
    void aShippedResidualNetworkServedWithATaperKeepsThePrefillAtTheRim(@TempDir Path store) {
        // v0005, served before the setting existed and without a taper (v0006 is the same network served with one)
        StoredModel shipped = WeightStore.read(Samples.shippedModels().resolve("deepfill/v0005"), "shipped");
        assertEquals(0, shipped.card().rimTaper(), "cards older than the setting read no taper");
        StoredModel tapered = WeightStore.rewriteCard(new WeightStore(store).install(shipped),
                shipped.card().withRimTaper(new RimTaper(4)));
        RgbImage photo = ImageCodec.withDefaults().decode(Samples.photo(Samples.photoNamed("orange")), "p").image()
                .crop(new Rect(0, 0, 96, 96));
        Mask holes = Mask.ofBoxes(96, 96, List.of(new Rect(20, 24, 50, 40)));
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        RgbImage plain;
        RgbImage served;
        try (NeuralEngine engine = new NeuralEngine(deepfill, shipped, null)) {
            plain = engine.inpaint(List.of(new EngineInput(photo, holes))).get(0);
        }
        try (NeuralEngine engine = new NeuralEngine(deepfill, tapered, null)) {
            assertEquals(4, engine.rimTaper().pixels());
            served = engine.inpaint(List.of(new EngineInput(photo, holes))).get(0);
        }
        RgbImage prefill = Prefill.NS.apply(List.of(photo), List.of(holes)).get(0);
        int[] distance = Distance.toKnown(holes.data(), 96, 96);
        int residualAtRim = 0;
        for (int i = 0; i < distance.length; i++) {
            if (distance[i] == 0) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                int p = prefill.data()[3 * i + c] & 0xFF;
                double expected = p + ((plain.data()[3 * i + c] & 0xFF) - p) * Math.min(distance[i], 4) / 4.0;
                int got = served.data()[3 * i + c] & 0xFF;
                assertTrue(Math.abs(got - expected) <= 1.01, "pixel " + i + " channel " + c + " at " + distance[i]
                        + " px: " + got + ", expected " + expected);
                if (distance[i] == 1) {
                    residualAtRim += Math.abs((plain.data()[3 * i + c] & 0xFF) - p);
                }
            }
        }
        assertTrue(residualAtRim > 100, "the shipped network adds a residual at the rim for the taper to fade: " + residualAtRim);
    }

    @Test
    void aTaperNeedsAPrefillAndAWidthInRangeAndTheCardSaysSoOnce() {
        InpaintException wide = assertThrows(InpaintException.class, () -> new RimTaper(RimTaper.MAX_PIXELS + 1));
        assertEquals("rimTaper", wide.field());
        InpaintException negative = assertThrows(InpaintException.class, () -> new RimTaper(-1));
        assertEquals("rimTaper", negative.field());
        InpaintException plain = assertThrows(InpaintException.class, () -> new ModelCard("lbam", "p", 0.5, 256, 0, "t", 0,
                "now", Map.of(), List.of(), "none", null, null, null, 4));
        assertEquals("rimTaper", plain.field());
        assertTrue(plain.getMessage().contains("prefill"), plain.getMessage());

        ModelCard card = new ModelCard("lbam", "p", 0.5, 256, 0, "t", 0, "now", Map.of(), List.of("trained briefly"), "ns");
        ModelCard twice = card.withRimTaper(new RimTaper(4)).withRimTaper(new RimTaper(6));
        assertEquals(6, twice.rimTaper());
        assertEquals(2, twice.deviations().size(), twice.deviations().toString());
        assertTrue(twice.deviations().get(1).contains("first 6 px"), twice.deviations().toString());
        assertEquals(List.of("trained briefly"), twice.withRimTaper(RimTaper.NONE).deviations());
    }

    private static NDArray mask(NDManager m, Mask holes) {
        float[] v = new float[holes.width() * holes.height()];
        for (int i = 0; i < v.length; i++) {
            v[i] = holes.data()[i] != 0 ? 1f : 0f;
        }
        return m.create(v, new Shape(1, 1, holes.height(), holes.width()));
    }
}
