package org.inpaint.inference.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * How a network trained as a residual over a classical prefill is served along the hole's rim (beyond the papers):
 * the residual fades in over the hole's first {@code pixels} pixels, d/{@code pixels} of it at d pixels (Chebyshev)
 * from the nearest known pixel, all of it from there in. Next to the known pixels the diffusion prefill is already
 * close to the truth, and what a network adds there is mostly a seam: DeepFill's residual traced faint dark lines a
 * pixel or two inside the strokes' edges, which a 4 px taper took from 0.69–0.84 grey levels of rim roughness above
 * Navier-Stokes to 0.19–0.26, and +0.08 dB at the smallest holes (docs/quality.md, "The rim taper"); the other
 * networks' residual at the rim is worth 0.06–0.13 dB, so they are served without. A setting of the model card,
 * measured both ways before it is set; 0, the papers' output, leaves the network's fill as it is.
 */
public record RimTaper(int pixels) {

    /** The widest taper a card may ask for: beyond it the taper would swallow the smallest holes' whole fill. */
    public static final int MAX_PIXELS = 16;

    public static final RimTaper NONE = new RimTaper(0);

    public RimTaper {
        if (pixels < 0 || pixels > MAX_PIXELS) {
            throw InpaintException.badInput("rimTaper", "the rim taper must be 0 to " + MAX_PIXELS + " pixels, got " + pixels);
        }
    }

    public boolean isNone() {
        return pixels == 0;
    }

    /** The setting in a few words, as listings and the engine's status show it: "residual faded in over the hole's first 4 px". */
    public String summary() {
        return isNone() ? "residual served as it is" : "residual faded in over the hole's first " + pixels + " px";
    }

    /** What a model card's deviations say of this setting; nothing for {@link #NONE}. */
    public Optional<String> deviation() {
        return isNone() ? Optional.empty() : Optional.of(DEVIATION_PREFIX + pixels + DEVIATION_SUFFIX);
    }

    /** Whether a card deviation is this setting's, whatever its width: replaced, not repeated, when it changes. */
    public static boolean isDeviation(String line) {
        return line.startsWith(DEVIATION_PREFIX) && line.contains(DEVIATION_SUFFIX);
    }

    private static final String DEVIATION_PREFIX = "Served with the residual over the prefill faded in over the hole's first ";
    private static final String DEVIATION_SUFFIX = " px (d/n of it at d px from the nearest known pixel; not in the "
            + "paper): next to the known pixels the prefill is kept, and with it no seam along the hole's edge.";

    /**
     * The served fill: {@code prefilled} plus the network's residual ({@code output} − {@code prefilled}) weighted by
     * the taper over {@code mask} (N, 1, H, W), 1 = hole. {@code output} itself when the taper is {@link #NONE}.
     */
    public NDArray apply(NDArray prefilled, NDArray output, NDArray mask) {
        if (isNone()) {
            return output;
        }
        return prefilled.add(output.sub(prefilled).mul(weights(mask)));
    }

    /**
     * min(d, n)/n per pixel, d the Chebyshev distance to the nearest known pixel (0 on known pixels): the mean of the
     * hole eroded 0, 1, ..., n−1 times by a 3×3 square. Pixels beyond the image's border count as hole, so a hole
     * that reaches the border keeps its residual there.
     */
    NDArray weights(NDArray mask) {
        NDArray eroded = mask;
        NDArray sum = mask;
        for (int k = 1; k < pixels; k++) {
            NDArray known = eroded.neg().add(1f);
            eroded = known.getNDArrayInternal().maxPool(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false).neg().add(1f);
            sum = sum.add(eroded);
        }
        return Scalars.div(sum, (float) pixels);
    }
}
