package org.inpaint.training.objectives;

import ai.djl.Model;
import java.util.Map;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.run.TrainingConfig;

/**
 * An objective trained as WGAN-GP: each generator update follows {@code criticSteps} critic updates, each on a fresh
 * batch, so one step draws {@code criticSteps + 1} batches (DeepFill v1, LBAM).
 */
abstract class WganObjective extends AdversarialObjective {

    protected WganObjective(Model model, TrainingConfig config, String network) {
        super(model, config, network);
    }

    @Override
    public final int batchesPerStep() {
        return config.criticSteps() + 1;
    }

    @Override
    public final Map<String, Float> step(long step, BatchSource source) {
        return Wgan.alternate(step, source, config.criticSteps(), this::criticStep, this::generatorStep);
    }

    /** One critic update on this batch; {@code alphaSeed} draws the gradient penalty's interpolation weights. */
    protected abstract Map<String, Float> criticStep(Batch batch, long alphaSeed);

    /** One generator update on this batch. */
    protected abstract Map<String, Float> generatorStep(Batch batch);
}
