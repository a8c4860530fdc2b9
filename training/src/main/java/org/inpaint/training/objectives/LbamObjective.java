package org.inpaint.training.objectives;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.training.critics.RandomVggFeatures;
import org.inpaint.training.critics.WganCritic;
import org.inpaint.training.data.Batch;
import org.inpaint.training.losses.PerceptualLoss;
import org.inpaint.training.losses.ReconstructionL1;
import org.inpaint.training.losses.StyleLoss;
import org.inpaint.training.masks.MaskSampler;
import org.inpaint.training.masks.MixedMasks;
import org.inpaint.training.optim.Adam;
import static org.inpaint.training.objectives.Wgan.ordered;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * LBAM's objective (Xie et al. 2019, eq. 14-18): {@code λ1·L1 + λ2·L_adv + λ3·L_perc + λ4·L_style} with
 * λ = 1, 0.1, 0.05, 120; the adversarial term is WGAN-GP (λ = 10, on the whole image) with a 7-layer critic;
 * perceptual and style losses on the three pooling stages of a feature network. Adam, learning rate 1e-4,
 * β1 = 0.5. Trained on free-form masks from all five hole-ratio bins (the paper's irregular masks).
 */
public final class LbamObjective extends WganObjective {

    static final float L1_WEIGHT = 1f;
    static final float ADVERSARIAL_WEIGHT = 0.1f;
    static final float PERCEPTUAL_WEIGHT = 0.05f;
    static final float STYLE_WEIGHT = 120f;
    static final float PENALTY_LAMBDA = 10f;
    /** The random feature network's width: VGG-16's channels would cost ten times the generator here. */
    static final double FEATURE_WIDTH = 0.25;

    private final WganCritic critic;
    private final RandomVggFeatures features;

    LbamObjective(Model model, TrainingConfig config) {
        super(model, config, "lbam");
        NDManager m = model.getNDManager();
        this.critic = WganCritic.lbam(config.size(), config.width());
        critic.initialize(m, DataType.FLOAT32, new Shape(1, 3, config.size(), config.size()));
        this.features = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, FEATURE_WIDTH, 3);
        Adam.Settings adam = Adam.Settings.of(config.learningRateOr(1e-4f), 0.5f, 0.999f);
        optimise(adam, critic);
    }

    @Override
    public MaskSampler masks() {
        return MixedMasks.freeFormAllBins();
    }

    @Override
    protected Map<String, Float> criticStep(Batch batch, long alphaSeed) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            NDArray output = generator.forward(new ParameterStore(scope, false), t.generatorInputs(), false).get(0).stopGradient();
            NDArray alpha = Wgan.interpolationWeights(scope, batch.size(), alphaSeed);
            ParameterStore ps = new ParameterStore(scope, false);
            float distance, penalty;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Wgan.CriticTerms terms = Wgan.critic(ps, critic, t.truth(), output, t.holes().onesLike(), alpha, PENALTY_LAMBDA);
                gc.backward(terms.total());
                distance = -terms.gap().getFloat();
                penalty = terms.penalty().getFloat();
            }
            optimisation().discriminators().step();
            return ordered("d_wasserstein", distance, "d_penalty", penalty);
        }
    }

    @Override
    protected Map<String, Float> generatorStep(Batch batch) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            ParameterStore ps = new ParameterStore(scope, false);
            Map<String, Float> losses = new LinkedHashMap<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray output = generator.forward(ps, t.generatorInputs(), true).get(0);
                NDArray l1 = ReconstructionL1.of(t.truth(), output);
                NDList outFeatures = features.extract(output);
                NDList truthFeatures = features.extract(t.truth());
                NDArray perceptual = PerceptualLoss.of(outFeatures, truthFeatures);
                NDArray style = StyleLoss.of(outFeatures, truthFeatures);
                NDArray adversarial = config.criticSteps() > 0 ? Wgan.generator(ps, critic, output) : scope.zeros(new Shape());
                NDArray total = Scalars.mul(l1, L1_WEIGHT).add(Scalars.mul(adversarial, ADVERSARIAL_WEIGHT))
                        .add(Scalars.mul(perceptual, PERCEPTUAL_WEIGHT)).add(Scalars.mul(style, STYLE_WEIGHT));
                gc.backward(total);
                losses.put("g_total", total.getFloat());
                losses.put("g_l1", l1.getFloat());
                losses.put("g_perceptual", perceptual.getFloat());
                losses.put("g_style", style.getFloat());
                losses.put("g_adversarial", adversarial.getFloat());
            }
            optimisation().generatorUpdated();
            return losses;
        }
    }

    @Override
    public List<String> deviations() {
        List<String> lines = new ArrayList<>();
        lines.add("Trained at " + config.size() + " px with channel width " + config.width() + " (paper: 256 px, width 1) on CPU.");
        lines.add("Perceptual and style losses use a frozen, seeded random VGG-16-shaped network at width " + FEATURE_WIDTH
                + " (pool1-3) instead of ImageNet VGG-16, which cannot be obtained here (docs/training-substitutes.md).");
        lines.add("The 7-layer critic's plan (K4S2, 64-128-256-512-512-512-512, FC) is our reading; the paper's supplement is not available.");
        if (config.criticSteps() == 0) {
            lines.add("Trained without the adversarial term. WGAN-GP is implemented and tested, but with one critic update per "
                    + "generator update (all the CPU budget allowed) the critic did not stay Lipschitz: by step 120 its penalty "
                    + "was 84 and the adversarial term outweighed the L1 term thirty to one, and the hole L1 stopped falling.");
        } else {
            lines.add(config.criticSteps() + " critic updates per generator update (WGAN-GP's default is 5).");
        }
        return lines;
    }

    /** Registers the objective for "lbam". */
    public static final class Factory implements ObjectiveFactory {

        @Override
        public String model() {
            return "lbam";
        }

        @Override
        public Objective create(Model model, TrainingConfig config) {
            return new LbamObjective(model, config);
        }
    }
}
