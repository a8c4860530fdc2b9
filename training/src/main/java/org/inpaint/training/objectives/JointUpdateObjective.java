package org.inpaint.training.objectives;

import ai.djl.Model;
import java.util.List;
import org.inpaint.training.masks.MaskSampler;
import org.inpaint.training.masks.MixedMasks;
import org.inpaint.training.run.TrainingConfig;

/**
 * An objective whose discriminators and generator are each updated once per batch, on one generator forward, and
 * whose one model serves both hole kinds the paper trains separately (CSA, SWAP).
 */
abstract class JointUpdateObjective extends AdversarialObjective {

    protected JointUpdateObjective(Model model, TrainingConfig config, String network) {
        super(model, config, network);
    }

    @Override
    public final MaskSampler masks() {
        return MixedMasks.centreSquareOrFreeForm();
    }

    @Override
    public final int batchesPerStep() {
        return 1;
    }

    /** The model card's lines for what this schedule changes from the papers. */
    protected static List<String> scheduleDeviations() {
        return List.of(
                "One model for both hole kinds: centre squares over a quarter of the image and free-form strokes "
                        + "(10-60% of the image), half each.",
                "Discriminators and generator are each updated once per batch, on one generator forward; --critic-steps "
                        + "does not apply.");
    }
}
