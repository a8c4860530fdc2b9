package org.inpaint.inference.neural.swap;

import static org.inpaint.inference.neural.LayerPlanChecks.fillMovesWithThePrefillThroughTheSkip;
import static org.inpaint.inference.neural.LayerPlanChecks.forward;
import static org.inpaint.inference.neural.LayerPlanChecks.holedInput;
import static org.inpaint.inference.neural.LayerPlanChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWAP's layer plans. Instance normalisation: parameter-free (the same parameters as the plan without it), active
 * (the same weights fill differently), recorded in the card and rebuilt from it when a stored version is loaded.
 * The encoder skip into the image heads: exactly one encoder feature more per head, still a residual that starts at
 * its prefill, and with it the residual at a pixel deep in a hole reads the prefill there. Networks that offer neither refuse them, naming the setting.
 */
class SwapLayerPlanTest {

    private static final LayerPlan NORMALISED = new LayerPlan(Normalisation.INSTANCE, HeadSkip.NONE);
    private static final LayerPlan SKIPPED = new LayerPlan(Normalisation.INSTANCE, HeadSkip.ENCODER);

    private static final int SIZE = 64;

    @Test
    void instanceNormalisationScalesEachChannelOfEachImageToZeroMeanAndUnitVariance() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(3f, 5f, new Shape(2, 4, 16, 16), ai.djl.ndarray.types.DataType.FLOAT32);
            NDArray y = Normalisation.INSTANCE.apply(x);
            float[] means = y.reshape(8, 256).mean(new int[] {1}).toFloatArray();
            float[] variances = y.reshape(8, 256).square().mean(new int[] {1}).toFloatArray();
            for (int i = 0; i < means.length; i++) {
                assertEquals(0f, means[i], 1e-4f);
                assertEquals(1f, variances[i], 1e-3f);
            }
            assertEquals(x, Normalisation.NONE.apply(x));
        }
    }

    @Test
    void theNormalisedPlanHasTheSameParametersFillsDifferentlyAndIsRebuiltFromItsCard(@TempDir Path store) {
        SwapArchitecture swap = new SwapArchitecture();
        StoredModel stored;
        float[] normalisedOutput;
        try (Model model = Model.newInstance("swap", "PyTorch"); NDManager inputs = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            Block block = swap.buildInto(model, 0.25, Prefill.NONE, NORMALISED, SIZE);
            NDList in = holedInput(inputs, SIZE);
            normalisedOutput = forward(block, model, in).get(0).toFloatArray();
            stored = new WeightStore(store).save("swap", block, new ModelCard("swap", swap.paper(), 0.25, SIZE, 0, "untrained (test)",
                    0, "test", Map.of(), List.of(), "none", null, "instance", null));
            assertEquals("instance", WeightStore.read(stored.directory(), "v").card().normalisation());

            try (Model reloaded = Model.newInstance("swap", "PyTorch")) {
                Block fromCard = swap.buildInto(reloaded, stored.card());
                WeightStore.load(stored, fromCard, reloaded.getNDManager());
                float[] again = forward(fromCard, reloaded, in).get(0).toFloatArray();
                assertEquals(normalisedOutput.length, again.length);
                for (int i = 0; i < again.length; i++) {
                    assertEquals(normalisedOutput[i], again[i], 1e-5f, "the card's layer plan, rebuilt, fills the same");
                }
            }
            try (Model plain = Model.newInstance("swap", "PyTorch")) {
                Block withoutIt = swap.buildInto(plain, 0.25, SIZE);
                assertEquals(parameterCount(block), parameterCount(withoutIt), "the normalisation has no parameters");
                WeightStore.load(stored, withoutIt, plain.getNDManager());
                float[] unnormalised = forward(withoutIt, plain, in).get(0).toFloatArray();
                double difference = 0;
                for (int i = 0; i < unnormalised.length; i++) {
                    difference += Math.abs(unnormalised[i] - normalisedOutput[i]);
                }
                assertTrue(difference / unnormalised.length > 1e-3, "the same weights without the normalisation fill differently: "
                        + difference / unnormalised.length);
            }
        }
    }

    @Test
    void aNetworkWithoutTheLayerPlanRefusesItNamingTheSetting() {
        InpaintException e = assertThrows(InpaintException.class, () -> new LbamArchitecture().build(0.25, Prefill.NS, NORMALISED));
        assertEquals("normalisation", e.field());
        assertTrue(e.getMessage().contains("lbam") && e.getMessage().contains("instance"), e.getMessage());
        InpaintException unknown = assertThrows(InpaintException.class, () -> Normalisation.of("batch", "normalisation"));
        assertEquals("normalisation", unknown.field());
        assertTrue(unknown.getMessage().contains("batch"), unknown.getMessage());

        InpaintException skip = assertThrows(InpaintException.class,
                () -> new LbamArchitecture().build(0.25, Prefill.NS, new LayerPlan(Normalisation.NONE, HeadSkip.ENCODER)));
        assertEquals("headSkip", skip.field());
        assertTrue(skip.getMessage().contains("lbam") && skip.getMessage().contains("encoder"), skip.getMessage());
        InpaintException unknownSkip = assertThrows(InpaintException.class, () -> HeadSkip.of("decoder", "headSkip"));
        assertEquals("headSkip", unknownSkip.field());
    }

    @Test
    void theEncoderSkipAddsOneEncoderFeaturePerImageHeadStartsAtItsPrefillAndIsRebuiltFromItsCard(@TempDir Path store) {
        SwapArchitecture swap = new SwapArchitecture();
        try (Model model = Model.newInstance("swap", "PyTorch"); Model plain = Model.newInstance("swap", "PyTorch");
             NDManager inputs = NDManager.newBaseManager()) {
            Block skipped = swap.buildInto(model, 0.25, Prefill.NS, SKIPPED, SIZE);
            Block normalised = swap.buildInto(plain, 0.25, Prefill.NS, NORMALISED, SIZE);
            long encoderChannels = 0;
            for (int channels : SwapNetwork.CHANNELS) {
                encoderChannels += Math.round(channels * 0.25);
            }
            assertEquals(parameterCount(normalised) + encoderChannels * 3 * 3 * 3, parameterCount(skipped),
                    "each of the five 3×3 image heads (3 outputs) reads the encoder's channels of its scale");

            NDList in = holedInput(inputs, SIZE);
            float[] prefilled = in.get(0).toFloatArray();
            float[] out = forward(skipped, model, in).get(0).toFloatArray();
            for (int i = 0; i < out.length; i++) {
                assertEquals(prefilled[i], out[i], 0f, "an untrained residual returns its prefill");
            }

            StoredModel stored = new WeightStore(store).save("swap", skipped, new ModelCard("swap", swap.paper(), 0.25, SIZE, 0,
                    "untrained (test)", 0, "test", Map.of(), List.of(), "ns", null, "instance", "encoder"));
            ModelCard card = WeightStore.read(stored.directory(), "v").card();
            assertEquals(SKIPPED, card.layerPlan());
            try (Model reloaded = Model.newInstance("swap", "PyTorch")) {
                Block fromCard = swap.buildInto(reloaded, card);
                assertEquals(parameterCount(skipped), parameterCount(fromCard),
                        "the card's plan rebuilds the heads that read the encoder");
            }
        }
    }

    @Test
    void withTheSkipTheResidualDeepInAHoleReadsThePrefillThere() {
        // the full-scale image head's weights on the encoder's channels only: the residual at a pixel 12 px inside the
        // hole then moves with the prefill at that pixel, which the attention has pasted over in the decoder
        SwapArchitecture swap = new SwapArchitecture();
        try (Model model = Model.newInstance("swap", "PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(5);
            Block block = swap.buildInto(model, 0.25, Prefill.NS, SKIPPED, SIZE);
            long decoderAndClasses = Math.round(SwapNetwork.CHANNELS[0] * 0.25) + SwapArchitecture.DEFAULT_CLASSES;
            double moved = fillMovesWithThePrefillThroughTheSkip(block, model, ".*image5_weight", decoderAndClasses,
                    SIZE);
            assertTrue(moved > 1e-3, "the output at the changed hole pixel moved by " + moved);
        }
    }
}
