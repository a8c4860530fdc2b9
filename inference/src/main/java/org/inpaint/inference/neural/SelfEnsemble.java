package org.inpaint.inference.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import java.util.Optional;
import org.inpaint.core.Labels;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * Whether a network is served with a second, mirrored pass (a self-ensemble, as super-resolution networks are
 * often served): the batch runs once as given and once flipped left to right, and the two fills, the second
 * flipped back, are averaged. It costs a second forward (about 1.5× the time of a call, the two running as one
 * batch) and helps networks whose fill depends on a direction;
 * CSA's coherent semantic attention generates the hole's patches in raster order, each conditioned on the one before
 * it, and measured (docs/quality.md) the mirrored pass lifts its smallest-hole bin by 0.13 dB where LBAM's does not
 * move. A setting of the model card, measured both ways before it is set.
 */
public enum SelfEnsemble {
    /** One pass. */
    NONE,
    /** The pass as given and a left-right mirrored one, averaged. */
    MIRROR,
    /** Four passes averaged: as given, mirrored left to right, upside down, and both. */
    FLIPS;

    /** The setting's name in cards, configuration and flags: "none", "mirror". */
    public String label() {
        return Labels.of(this);
    }

    /** A short phrase for listings and status lines: "one pass", "served with a mirrored second pass", .... */
    public String summary() {
        return switch (this) {
            case NONE -> "one pass";
            case MIRROR -> "served with a mirrored second pass";
            case FLIPS -> "served as the average of four flipped passes";
        };
    }

    /** What a model card's deviations say of this setting; nothing for {@link #NONE}, the papers' one pass. */
    public Optional<String> deviation() {
        return switch (this) {
            case NONE -> Optional.empty();
            case MIRROR -> Optional.of("Served with a second, left-right mirrored pass averaged with the "
                    + "first (a self-ensemble, not in the paper), about 1.5x the time of a call.");
            case FLIPS -> Optional.of("Served as the average of four passes, as given, mirrored left to "
                    + "right, upside down and both, each flipped back (a self-ensemble, not in the paper), about 3x "
                    + "the time of a call.");
        };
    }

    /** The setting for a label; null or blank means {@link #NONE} (cards written before the setting existed). */
    public static SelfEnsemble of(String label, String field) {
        return Labels.parse(SelfEnsemble.class, label, NONE, field, "self-ensemble");
    }

    /** The network's input batch (N, C, H, W) for this setting: as given, then mirrored when {@link #MIRROR}. */
    NDArray expand(NDArray batch) {
        return switch (this) {
            case NONE -> batch;
            case MIRROR -> batch.concat(batch.flip(3), 0);
            case FLIPS -> NDArrays.concat(new NDList(batch, batch.flip(3), batch.flip(2), batch.flip(2, 3)), 0);
        };
    }

    /** The output of {@link #expand}ed inputs folded back to {@code n} images. */
    NDArray fold(NDArray output, int n) {
        if (this == NONE) {
            return output;
        }
        NDArray asGiven = output.get(new NDIndex(":{}", n));
        NDArray mirroredBack = output.get(new NDIndex("{}:{}", n, 2 * n)).flip(3);
        if (this == MIRROR) {
            return Scalars.div(asGiven.add(mirroredBack), 2);
        }
        NDArray upsideDownBack = output.get(new NDIndex("{}:{}", 2 * n, 3 * n)).flip(2);
        NDArray bothBack = output.get(new NDIndex("{}:", 3 * n)).flip(2, 3);
        return Scalars.div(asGiven.add(mirroredBack).add(upsideDownBack).add(bothBack), 4);
    }
}
