package org.inpaint.inference.neural;

import org.inpaint.core.Labels;

/**
 * What a network's image heads read besides the decoder's features, where its paper's layer plan leaves them
 * nothing else. {@link #NONE} is every network as built; {@link #ENCODER} is offered by SWAP: its attention pastes
 * known features over every hole pixel at every decoder scale, so with a prefill the head that writes the residual
 * never sees the prefill it corrects there. Reading the encoder's feature of the same scale beside the decoder's, it
 * does: at 128 px, with instance normalisation, a prefilled SWAP gained +0.17 dB over Navier-Stokes in 500 steps
 * where the layer plan without it gained +0.006 (docs/quality.md, "SWAP's image heads read the encoder"). A
 * setting of the model card, as the prefill is; it adds parameters, so versions with and without it differ in shape.
 * DeepFill offers it too: its two output layers read only an upsampled quarter-resolution decoder, and with each
 * also reading its stage's first (full-resolution) encoder feature a prefilled DeepFill leaves the prefill's PSNR,
 * which it never did as built (docs/quality.md, "DeepFill's heads read the encoder").
 */
public enum HeadSkip {
    /** The layer plan as built: each image head reads the decoder's feature (and SWAP's class probabilities). */
    NONE,
    /** Each image head also reads the encoder's feature at its scale, concatenated after the decoder's. */
    ENCODER,
    /**
     * {@link #ENCODER}, and the decoder reads the encoder at every scale between, as a U-Net's does: offered by
     * DeepFill, whose decoder comes up from a quarter of the resolution with nothing from the encoder on the way
     * (SWAP's {@link #ENCODER} reads every decoder scale already).
     */
    UNET;

    /** The setting's name in cards, configuration and flags: "none", "encoder", "unet". */
    public String label() {
        return Labels.of(this);
    }

    /** The setting for a label; null or blank means {@link #NONE} (cards written before the setting existed). */
    public static HeadSkip of(String label, String field) {
        return Labels.parse(HeadSkip.class, label, NONE, field, "head skip");
    }
}
