package org.inpaint.inference.neural;

import ai.djl.ndarray.NDArray;
import org.inpaint.core.Labels;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * Normalisation layers a network's layer plan may add where its paper gives none. {@link #NONE} is every network
 * as built; {@link #INSTANCE} is offered by SWAP, whose paper publishes no layer plan and whose plan of ours had no
 * normalisation: trained as a residual over a prefill at rates from 1e-3 up, its output head saturated and stayed
 * there in three runs of four, where with parameter-free instance normalisation after its convolutions all four
 * trained (docs/quality.md, "SWAP, the same 64 px probe loop"). DeepFill offers it too, for the same layer plan
 * beside its encoder skip ({@link HeadSkip}). A setting of the model card, as the prefill is.
 */
public enum Normalisation {
    /** The layer plan as built. */
    NONE,
    /** Each feature map scaled to zero mean and unit variance over its image, per channel, no learned parameters. */
    INSTANCE;

    private static final float EPSILON = 1e-5f;

    /** The setting's name in cards, configuration and flags: "none", "instance". */
    public String label() {
        return Labels.of(this);
    }

    /** The setting for a label; null or blank means {@link #NONE} (cards written before the setting existed). */
    public static Normalisation of(String label, String field) {
        return Labels.parse(Normalisation.class, label, NONE, field, "normalisation");
    }

    /** A feature map (N, C, H, W) normalised as this setting says; unchanged for {@link #NONE}. */
    public NDArray apply(NDArray x) {
        return this == NONE ? x : NnOps.instanceNorm(x, EPSILON);
    }
}
