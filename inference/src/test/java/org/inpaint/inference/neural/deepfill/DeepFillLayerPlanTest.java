package org.inpaint.inference.neural.deepfill;

import static org.inpaint.inference.neural.LayerPlanChecks.fillMovesWithThePrefillThroughTheSkip;
import static org.inpaint.inference.neural.LayerPlanChecks.forward;
import static org.inpaint.inference.neural.LayerPlanChecks.holedInput;
import static org.inpaint.inference.neural.LayerPlanChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.swap.SwapArchitecture;
import org.inpaint.inference.neural.weights.WeightStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DeepFill's layer plan beyond the paper: instance normalisation (no parameters) and output layers that read a
 * full-resolution encoder feature (exactly the first layer's channels more in each of the two heads). With it the
 * network is still a residual that starts at its prefill, both stages; the refinement's head reads the prefill at a
 * pixel deep in a hole; and a stored version's card rebuilds it.
 */
class DeepFillLayerPlanTest {

    private static final LayerPlan NORMALISED = new LayerPlan(Normalisation.INSTANCE, HeadSkip.NONE);
    private static final LayerPlan SKIPPED = new LayerPlan(Normalisation.INSTANCE, HeadSkip.ENCODER);
    private static final double WIDTH = 0.25;
    private static final int SIZE = 64;

    @Test
    void theSkipAddsTheFirstLayersChannelsToEachHeadAndTheNormalisationNothing() {
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        try (Model asBuilt = Model.newInstance("deepfill", "PyTorch"); Model normalised = Model.newInstance("deepfill", "PyTorch");
             Model skipped = Model.newInstance("deepfill", "PyTorch")) {
            long plain = parameterCount(deepfill.buildInto(asBuilt, WIDTH, Prefill.NS, LayerPlan.AS_BUILT, SIZE));
            assertEquals(plain, parameterCount(deepfill.buildInto(normalised, WIDTH, Prefill.NS, NORMALISED, SIZE)));
            long firstLayer = NetworkArchitecture.scaled(32, WIDTH);
            assertEquals(plain + 2 * firstLayer * 3 * 3 * 3, parameterCount(deepfill.buildInto(skipped, WIDTH, Prefill.NS, SKIPPED, SIZE)),
                    "the coarse and the refinement head (3×3, 3 outputs) each read the first layer's channels");
        }
    }

    @Test
    void theUnetSkipAddsTheHalfResolutionChannelsToEachDecodersFirstHalfResolutionConvolution() {
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        LayerPlan unet = new LayerPlan(Normalisation.INSTANCE, HeadSkip.UNET);
        try (Model skipped = Model.newInstance("deepfill", "PyTorch"); Model unetModel = Model.newInstance("deepfill", "PyTorch");
             NDManager inputs = NDManager.newBaseManager()) {
            long heads = parameterCount(deepfill.buildInto(skipped, WIDTH, Prefill.NS, SKIPPED, SIZE));
            long halfResolution = NetworkArchitecture.scaled(64, WIDTH);
            Block block = deepfill.buildInto(unetModel, WIDTH, Prefill.NS, unet, SIZE);
            assertEquals(heads + 2 * halfResolution * halfResolution * 3 * 3, parameterCount(block),
                    "each decoder's first half-resolution 3×3 convolution (64 outputs) reads 64 more channels");
            NDList in = holedInput(inputs, SIZE);
            float[] prefilled = in.get(0).toFloatArray();
            float[] fill = forward(block, unetModel, in).get(0).toFloatArray();
            for (int i = 0; i < fill.length; i++) {
                assertEquals(prefilled[i], fill[i], 0f, "an untrained network with the U-Net skips returns its prefill");
            }
            assertEquals(3, deepfill.layerPlanDeviations(unet).size());
            assertTrue(deepfill.layerPlanDeviations(unet).get(2).contains("half-resolution"));
        }
        InpaintException swapUnet = assertThrows(InpaintException.class,
                () -> new SwapArchitecture().build(WIDTH, Prefill.NS, new LayerPlan(Normalisation.INSTANCE, HeadSkip.UNET)));
        assertEquals("headSkip", swapUnet.field(), "swap's encoder skip reads every scale already: " + swapUnet.getMessage());
    }

    @Test
    void theCardNamesEachSettingOfThePlanInDeepFillsOwnTerms() {
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        assertEquals(List.of(), deepfill.layerPlanDeviations(LayerPlan.AS_BUILT));
        List<String> lines = deepfill.layerPlanDeviations(SKIPPED);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("instance normalisation"), lines.get(0));
        assertTrue(lines.get(1).contains("dilated branch"), lines.get(1));
        assertEquals(1, deepfill.layerPlanDeviations(NORMALISED).size());
        List<String> swap = new SwapArchitecture().layerPlanDeviations(SKIPPED);
        assertEquals(2, swap.size());
        assertTrue(lines.stream().noneMatch(swap::contains), "deepfill's card must not carry swap's reasons: " + swap);
    }

    @Test
    void withTheLayerPlanBothStagesStartAtThePrefillAndTheCardRebuildsIt(@TempDir Path store) {
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch"); NDManager inputs = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            Block block = deepfill.buildInto(model, WIDTH, Prefill.NS, SKIPPED, SIZE);
            NDList in = holedInput(inputs, SIZE);
            float[] prefilled = in.get(0).toFloatArray();
            NDList out = forward(block, model, in);
            for (int stage = 0; stage < 2; stage++) {
                float[] fill = out.get(stage).toFloatArray();
                for (int i = 0; i < fill.length; i++) {
                    assertEquals(prefilled[i], fill[i], 0f, "an untrained stage " + stage + " returns its prefill");
                }
            }

            StoredModel stored = new WeightStore(store).save("deepfill", block, new ModelCard("deepfill", deepfill.paper(), WIDTH,
                    SIZE, 0, "untrained (test)", 0, "test", Map.of(), List.of(), "ns", null, "instance", "encoder"));
            ModelCard card = WeightStore.read(stored.directory(), "v").card();
            assertEquals(SKIPPED, card.layerPlan());
            try (Model reloaded = Model.newInstance("deepfill", "PyTorch")) {
                Block fromCard = deepfill.buildInto(reloaded, card);
                assertEquals(parameterCount(block), parameterCount(fromCard), "the card's plan rebuilds the heads that read the encoder");
                WeightStore.load(stored, fromCard, reloaded.getNDManager());
            }
        }
    }

    @Test
    void withTheSkipTheRefinementsResidualDeepInAHoleReadsThePrefillThere() {
        // the refinement head's weights on the dilated branch's first-layer channels only: its residual at a pixel
        // 12 px inside the hole then moves with the prefill there, which the quarter-resolution decoder blurs away
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(5);
            Block block = deepfill.buildInto(model, WIDTH, Prefill.NS, SKIPPED, SIZE);
            double moved = fillMovesWithThePrefillThroughTheSkip(block, model, ".*refine_decoder_\\d+conv07_weight",
                    NetworkArchitecture.scaled(16, WIDTH), SIZE);
            assertTrue(moved > 1e-3, "the output at the changed hole pixel moved by " + moved);
        }
    }
}
