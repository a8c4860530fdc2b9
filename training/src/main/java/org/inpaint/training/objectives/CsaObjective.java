package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.training.critics.FeaturePatchDiscriminator;
import org.inpaint.training.critics.PatchDiscriminator;
import org.inpaint.training.critics.RandomVggFeatures;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.losses.ConsistencyLoss;
import org.inpaint.training.losses.ReconstructionL1;
import org.inpaint.training.losses.RelativisticLsLoss;
import org.inpaint.training.masks.MixedMasks;
import org.inpaint.training.optim.Adam;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * CSA's objective (Liu et al. 2019, Eq. 4–8): {@code L = λ_r·L_re + λ_c·L_c + λ_d·D_R} with λ_r = 1 on the L1
 * reconstruction of the rough and the refined prediction (Eq. 7), λ_c = 0.01 on the consistency loss of the CSA
 * layer and its decoder counterpart against the ground truth's relu4_3 features (Eq. 4), and λ_d = 0.002 on the
 * generator's relativistic average LS term (Eq. 5), summed over the two discriminators: the 70×70 patch
 * discriminator on the refined image's pixels and the feature patch discriminator on its pool3 features. The
 * discriminators minimise Eq. 6. Adam, learning rate 2e-4, β1 = 0.5 (β2 is not given: PyTorch's 0.999).
 *
 * <p>Features come from the frozen random VGG-16-shaped network at the generator's width (so relu4_3 has the
 * CSA layer's shape), see docs/training-substitutes.md.
 *
 * <p>Holes: {@link MixedMasks#centreSquareOrFreeForm()}, the paper's two settings (centre square over a quarter of
 * the image, irregular masks binned by hole ratio) mixed in one model.
 *
 * <p>One step reads one batch and runs the generator once: the discriminators are updated on its detached
 * output, then the generator on the same output against the updated discriminators (the order of the pix2pix
 * code CSA's is built on). The config's {@code criticSteps} is for the WGAN objectives and is not used.
 */
public final class CsaObjective extends JointUpdateObjective {

    static final float RECONSTRUCTION_WEIGHT = 1f;
    static final float CONSISTENCY_WEIGHT = 0.01f;
    static final float ADVERSARIAL_WEIGHT = 0.002f;

    /** Up to relu4_3, for the ground truth: the consistency target and the real pool3. */
    private final RandomVggFeatures features;
    /** The same weights up to pool3 only, for the refined image (relu4_3 of a fake is never needed). */
    private final RandomVggFeatures pool3Features;
    private final PatchDiscriminator patch;
    private final FeaturePatchDiscriminator featurePatch;

    CsaObjective(Model model, TrainingConfig config) {
        super(model, config, "csa");
        NDManager m = model.getNDManager();
        this.features = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, config.width(), 4);
        this.pool3Features = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, config.width(), 3);
        int size = config.size();
        this.patch = new PatchDiscriminator(3, config.width());
        patch.initialize(m, DataType.FLOAT32, new Shape(1, 3, size, size));
        this.featurePatch = new FeaturePatchDiscriminator(features.channels(2), config.width());
        featurePatch.initialize(m, DataType.FLOAT32, new Shape(1, features.channels(2), size / 8, size / 8));
        Adam.Settings adam = Adam.Settings.of(config.learningRateOr(2e-4f), 0.5f, 0.999f);
        optimise(adam, patch, featurePatch);
    }

    @Override
    public Map<String, Float> step(long step, BatchSource source) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, source.batch(step));
            ParameterStore ps = new ParameterStore(scope, false);
            NDList real = features.extract(t.truth());
            NDArray realPool3 = real.get(2);
            NDArray target = real.get(3);
            Map<String, Float> losses = new LinkedHashMap<>();

            NDList out;
            NDArray refined;
            NDArray fakePool3;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = generator.forward(ps, t.generatorInputs(), true);
                refined = out.get(0);
                fakePool3 = pool3Features.extract(refined).get(2);
                NDArray dPatch = RelativisticLsLoss.discriminator(score(patch, ps, t.truth()), score(patch, ps, refined.stopGradient()));
                NDArray dFeature = RelativisticLsLoss.discriminator(score(featurePatch, ps, realPool3),
                        score(featurePatch, ps, fakePool3.stopGradient()));
                gc.backward(dPatch.add(dFeature));
                losses.put("d_patch", dPatch.getFloat());
                losses.put("d_feature", dFeature.getFloat());
            }
            optimisation().discriminators().step();

            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l1 = ReconstructionL1.of(t.truth(), NamedOutputs.get(out, "coarse"), refined);
                NDArray consistency = ConsistencyLoss.of(NamedOutputs.get(out, "csa_features"),
                        NamedOutputs.get(out, "csa_decoder_features"), target, NamedOutputs.get(out, "csa_mask"));
                NDArray advPatch = RelativisticLsLoss.generator(score(patch, ps, t.truth()), score(patch, ps, refined));
                NDArray advFeature = RelativisticLsLoss.generator(score(featurePatch, ps, realPool3), score(featurePatch, ps, fakePool3));
                NDArray adversarial = advPatch.add(advFeature);
                NDArray total = Scalars.mul(l1, RECONSTRUCTION_WEIGHT).add(Scalars.mul(consistency, CONSISTENCY_WEIGHT))
                        .add(Scalars.mul(adversarial, ADVERSARIAL_WEIGHT));
                gc.backward(total);
                losses.put("g_total", total.getFloat());
                losses.put("g_l1", l1.getFloat());
                losses.put("g_consistency", consistency.getFloat());
                losses.put("g_adv_patch", advPatch.getFloat());
                losses.put("g_adv_feature", advFeature.getFloat());
            }
            optimisation().generatorUpdated();
            return losses;
        }
    }

    private static NDArray score(Block discriminator, ParameterStore ps, NDArray x) {
        return discriminator.forward(ps, new NDList(x), true).singletonOrThrow();
    }

    @Override
    public List<String> deviations() {
        List<String> lines = new ArrayList<>();
        lines.add("Trained at " + config.size() + " px with channel width " + config.width() + " and batch " + config.batch()
                + " (paper: 256 px, width 1, batch 1) on CPU.");
        lines.add("The consistency target (relu4_3) and the feature patch discriminator's input (pool3) come from a frozen, "
                + "seeded random VGG-16-shaped network at width " + config.width() + " instead of ImageNet VGG-16, which "
                + "cannot be obtained here (docs/training-substitutes.md).");
        lines.add("Eq. 5-6 are used with both squared terms positive; as printed, minimising them would push the scores away "
                + "from their targets.");
        lines.add("The consistency loss is a mean over feature elements, not a sum over hole cells; L1 is a mean absolute "
                + "error; the weights are the paper's (1, 0.01, 0.002) nevertheless.");
        lines.add("The feature patch discriminator ends in one score channel (Table 5: 512).");
        lines.addAll(scheduleDeviations());
        return lines;
    }

    /** Registers the objective for "csa". */
    public static final class Factory implements ObjectiveFactory {

        @Override
        public String model() {
            return "csa";
        }

        @Override
        public Objective create(Model model, TrainingConfig config) {
            return new CsaObjective(model, config);
        }
    }
}
