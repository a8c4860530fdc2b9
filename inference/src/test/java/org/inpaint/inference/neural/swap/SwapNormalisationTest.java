package org.inpaint.inference.neural.swap;

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
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SWAP's instance-normalised layer plan: parameter-free (the same parameters as the plan without it), active (the
 * same weights fill differently), recorded in the card and rebuilt from it when a stored version is loaded; only
 * SWAP offers it.
 */
class SwapNormalisationTest {

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
            Block block = swap.buildInto(model, 0.25, Prefill.NONE, Normalisation.INSTANCE, SIZE);
            NDList in = inputs(inputs);
            normalisedOutput = forward(block, model, in);
            stored = new WeightStore(store).save("swap", block, new ModelCard("swap", swap.paper(), 0.25, SIZE, 0, "untrained (test)",
                    0, "test", Map.of(), List.of(), "none", null, "instance"));
            assertEquals("instance", WeightStore.read(stored.directory(), "v").card().normalisation());

            try (Model reloaded = Model.newInstance("swap", "PyTorch")) {
                Block fromCard = swap.buildInto(reloaded, stored.card());
                WeightStore.load(stored, fromCard, reloaded.getNDManager());
                float[] again = forward(fromCard, reloaded, in);
                assertEquals(normalisedOutput.length, again.length);
                for (int i = 0; i < again.length; i++) {
                    assertEquals(normalisedOutput[i], again[i], 1e-5f, "the card's layer plan, rebuilt, fills the same");
                }
            }
            try (Model plain = Model.newInstance("swap", "PyTorch")) {
                Block withoutIt = swap.buildInto(plain, 0.25, SIZE);
                assertEquals(count(block), count(withoutIt), "the normalisation has no parameters");
                WeightStore.load(stored, withoutIt, plain.getNDManager());
                float[] unnormalised = forward(withoutIt, plain, in);
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
        InpaintException e = assertThrows(InpaintException.class, () -> new LbamArchitecture().build(0.25, Prefill.NS, Normalisation.INSTANCE));
        assertEquals("normalisation", e.field());
        assertTrue(e.getMessage().contains("lbam") && e.getMessage().contains("instance"), e.getMessage());
        InpaintException unknown = assertThrows(InpaintException.class, () -> Normalisation.of("batch", "normalisation"));
        assertEquals("normalisation", unknown.field());
        assertTrue(unknown.getMessage().contains("batch"), unknown.getMessage());
    }

    private static NDList inputs(NDManager m) {
        m.getEngine().setRandomSeed(7);
        NDArray mask = m.zeros(new Shape(1, 1, SIZE, SIZE));
        mask.set(new ai.djl.ndarray.index.NDIndex(":, :, 16:40, 20:44"), 1f);
        NDArray image = m.randomUniform(-1, 1, new Shape(1, 3, SIZE, SIZE)).mul(mask.neg().add(1));
        return new NDList(image, mask);
    }

    private static float[] forward(Block block, Model model, NDList in) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList copy = new NDList(in.get(0).duplicate(), in.get(1).duplicate());
            copy.attach(scope);
            return block.forward(new ParameterStore(scope, false), copy, false).get(0).toFloatArray();
        }
    }

    private static long count(Block block) {
        return block.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }
}
