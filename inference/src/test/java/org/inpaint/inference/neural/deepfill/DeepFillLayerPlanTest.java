package org.inpaint.inference.neural.deepfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
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
            long plain = count(deepfill.buildInto(asBuilt, WIDTH, Prefill.NS, LayerPlan.AS_BUILT, SIZE));
            assertEquals(plain, count(deepfill.buildInto(normalised, WIDTH, Prefill.NS, NORMALISED, SIZE)));
            long firstLayer = NetworkArchitecture.scaled(32, WIDTH);
            assertEquals(plain + 2 * firstLayer * 3 * 3 * 3, count(deepfill.buildInto(skipped, WIDTH, Prefill.NS, SKIPPED, SIZE)),
                    "the coarse and the refinement head (3×3, 3 outputs) each read the first layer's channels");
        }
    }

    @Test
    void withTheLayerPlanBothStagesStartAtThePrefillAndTheCardRebuildsIt(@TempDir Path store) {
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch"); NDManager inputs = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(3);
            Block block = deepfill.buildInto(model, WIDTH, Prefill.NS, SKIPPED, SIZE);
            NDList in = inputs(inputs);
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
                assertEquals(count(block), count(fromCard), "the card's plan rebuilds the heads that read the encoder");
                WeightStore.load(stored, fromCard, reloaded.getNDManager());
            }
        }
    }

    @Test
    void withTheSkipTheRefinementsResidualDeepInAHoleReadsThePrefillThere() {
        // the refinement head's weights on the dilated branch's first-layer channels only: its residual at a pixel
        // 12 px inside the hole then moves with the prefill there, which the quarter-resolution decoder blurs away
        DeepFillArchitecture deepfill = new DeepFillArchitecture();
        try (Model model = Model.newInstance("deepfill", "PyTorch"); NDManager inputs = NDManager.newBaseManager()) {
            Engine.getEngine("PyTorch").setRandomSeed(5);
            Block block = deepfill.buildInto(model, WIDTH, Prefill.NS, SKIPPED, SIZE);
            long decoderChannels = NetworkArchitecture.scaled(16, WIDTH);
            for (var p : block.getParameters()) {
                if (p.getKey().matches(".*refine_decoder_\\d+conv07_weight")) {
                    NDArray w = p.getValue().getArray();
                    long in = w.getShape().get(1);
                    float[] weights = inputs.randomNormal(0f, 0.3f, w.getShape(), w.getDataType()).toFloatArray();
                    for (int i = 0; i < weights.length; i++) {
                        if (i / 9 % in < decoderChannels) {
                            weights[i] = 0f;
                        }
                    }
                    w.set(weights);
                }
            }
            NDList in = inputs(inputs);
            float[] before = forward(block, model, in).get(0).toFloatArray();
            NDArray changed = in.get(0).duplicate();
            changed.set(new NDIndex(":, :, 28, 32"), 0.9f);
            float[] after = forward(block, model, new NDList(changed, in.get(1))).get(0).toFloatArray();
            int centre = 28 * SIZE + 32;
            double moved = 0;
            for (int c = 0; c < 3; c++) {
                moved += Math.abs(after[c * SIZE * SIZE + centre] - before[c * SIZE * SIZE + centre]);
            }
            assertTrue(moved > 1e-3, "the output at the changed hole pixel moved by " + moved);
        }
    }

    private static NDList inputs(NDManager m) {
        m.getEngine().setRandomSeed(7);
        NDArray mask = m.zeros(new Shape(1, 1, SIZE, SIZE));
        mask.set(new NDIndex(":, :, 16:40, 20:44"), 1f);
        NDArray known = m.randomUniform(-1, 1, new Shape(1, 3, SIZE, SIZE)).mul(mask.neg().add(1));
        return new NDList(known.add(mask.mul(0.3f)), mask); // any values in the holes stand for the prefill
    }

    /** The refined image and the coarse stage's output, as plain arrays outside the model's scope. */
    private static NDList forward(Block block, Model model, NDList in) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDList copy = new NDList(in.get(0).duplicate(), in.get(1).duplicate());
            copy.attach(scope);
            NDList out = block.forward(new ParameterStore(scope, false), copy, false);
            NDManager keep = in.get(0).getManager();
            NDList kept = new NDList(out.get(0).duplicate(), out.get(1).duplicate());
            kept.attach(keep);
            return kept;
        }
    }

    private static long count(Block block) {
        return block.getParameters().stream().mapToLong(p -> p.getValue().getArray().size()).sum();
    }
}
