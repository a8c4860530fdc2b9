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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.training.critics.WganCritic;
import org.inpaint.training.data.Batch;
import org.inpaint.training.losses.DiscountedL1;
import org.inpaint.training.masks.MaskSampler;
import org.inpaint.training.masks.RectangleMasks;
import org.inpaint.training.optim.Adam;
import static org.inpaint.training.objectives.Wgan.ordered;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * DeepFill v1's objective (Yu et al. 2018, section 3 and Algorithm 1): spatially discounted L1 on the holes of the
 * coarse and refined outputs plus plain L1 on their known pixels, and WGAN-GP with a global critic on the whole
 * completed image and a local critic on a window around the hole, the penalty taken on hole pixels only. Each
 * generator update follows {@code criticSteps} critic updates, each on a fresh batch.
 *
 * <p>Weights from the authors' released configuration: L1 terms 1.2, adversarial 0.001, penalty λ = 10; Adam with
 * learning rate 1e-4, β = (0.5, 0.9).
 */
public final class DeepFillObjective extends WganObjective {

    static final float L1_WEIGHT = 1.2f;
    static final float ADVERSARIAL_WEIGHT = 0.001f;
    static final float PENALTY_LAMBDA = 10f;

    private final WganCritic global;
    private final WganCritic local;
    private final int localSide;

    DeepFillObjective(Model model, TrainingConfig config) {
        super(model, config, "deepfill");
        this.localSide = config.size() / 2;
        NDManager m = model.getNDManager();
        this.global = WganCritic.deepFillGlobal(config.size(), config.width());
        this.local = WganCritic.deepFillLocal(localSide, config.width());
        global.initialize(m, DataType.FLOAT32, new Shape(1, 3, config.size(), config.size()));
        local.initialize(m, DataType.FLOAT32, new Shape(1, 3, localSide, localSide));
        Adam.Settings adam = Adam.Settings.of(config.learningRateOr(1e-4f), 0.5f, 0.9f);
        optimise(adam, global, local);
    }

    @Override
    public MaskSampler masks() {
        return RectangleMasks.contextualAttention();
    }

    @Override
    protected Map<String, Float> criticStep(Batch batch, long alphaSeed) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            NDArray completed = t.composite(generator.forward(new ParameterStore(scope, false), t.generatorInputs(), false).get(0)).stopGradient();
            HoleWindows windows = HoleWindows.of(batch.masks(), localSide);
            NDArray realLocal = windows.crop(t.truth());
            NDArray fakeLocal = windows.crop(completed);
            NDArray holesLocal = windows.crop(t.holes());
            NDArray alpha = Wgan.interpolationWeights(scope, batch.size(), alphaSeed);
            ParameterStore ps = new ParameterStore(scope, false);
            float wGlobal, wLocal, penalty;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Wgan.CriticTerms g = Wgan.critic(ps, global, t.truth(), completed, t.holes(), alpha, PENALTY_LAMBDA);
                Wgan.CriticTerms l = Wgan.critic(ps, local, realLocal, fakeLocal, holesLocal, alpha, PENALTY_LAMBDA);
                gc.backward(g.total().add(l.total()));
                wGlobal = -g.gap().getFloat();
                wLocal = -l.gap().getFloat();
                penalty = g.penalty().add(l.penalty()).getFloat();
            }
            optimisation().discriminators().step();
            return ordered("d_wasserstein_global", wGlobal, "d_wasserstein_local", wLocal, "d_penalty", penalty);
        }
    }

    @Override
    protected Map<String, Float> generatorStep(Batch batch) {
        try (NDManager scope = model.getNDManager().newSubManager()) {
            BatchTensors t = BatchTensors.of(scope, batch);
            NDArray discount = DiscountedL1.weights(scope, batch.masks(), DiscountedL1.GAMMA);
            HoleWindows windows = HoleWindows.of(batch.masks(), localSide);
            ParameterStore ps = new ParameterStore(scope, false);
            Map<String, Float> losses = new LinkedHashMap<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList out = generator.forward(ps, t.generatorInputs(), true);
                NDArray refined = out.get(0);
                NDArray coarse = out.get(1);
                NDArray holeL1 = DiscountedL1.loss(coarse, t.truth(), discount, t.holes())
                        .add(DiscountedL1.loss(refined, t.truth(), discount, t.holes()));
                NDArray knownL1 = MaskedL1.of(coarse, t.truth(), t.known()).add(MaskedL1.of(refined, t.truth(), t.known()));
                NDArray completed = t.composite(refined);
                // without critic updates the critics are untrained noise, so their term is left out
                NDArray adversarial = config.criticSteps() == 0 ? scope.zeros(new Shape())
                        : Wgan.generator(ps, global, completed).add(Wgan.generator(ps, local, windows.crop(completed)));
                NDArray total = Scalars.mul(holeL1.add(knownL1), L1_WEIGHT).add(Scalars.mul(adversarial, ADVERSARIAL_WEIGHT));
                gc.backward(total);
                losses.put("g_total", total.getFloat());
                losses.put("g_hole_l1", holeL1.getFloat());
                losses.put("g_known_l1", knownL1.getFloat());
                losses.put("g_adversarial", adversarial.getFloat());
            }
            optimisation().generatorUpdated();
            return losses;
        }
    }

    @Override
    public List<String> deviations() {
        List<String> lines = new java.util.ArrayList<>(List.of(
                "Trained at " + config.size() + " px with channel width " + config.width() + " (paper: 256 px, width 1) on CPU.",
                "The local critic sees a fixed window of half the side centred on the hole (the paper crops the hole's box, "
                        + "which has a fixed size there)."));
        if (config.criticSteps() == 0) {
            lines.add("Trained with the reconstruction terms only. WGAN-GP is implemented and tested, but with one critic "
                    + "update per generator update (all the CPU budget allowed) the critics diverged: by step 50 the penalty "
                    + "was 356 and the critic gap 400, and the hole L1 stopped falling (1.36 on the [-1, 1] scale).");
        } else if (config.criticSteps() != 5) {
            lines.add(config.criticSteps() + " critic updates per generator update (paper: 5), to fit the CPU budget.");
        }
        return lines;
    }

    /** Registers the objective for "deepfill". */
    public static final class Factory implements ObjectiveFactory {

        @Override
        public String model() {
            return "deepfill";
        }

        @Override
        public Objective create(Model model, TrainingConfig config) {
            return new DeepFillObjective(model, config);
        }
    }
}
