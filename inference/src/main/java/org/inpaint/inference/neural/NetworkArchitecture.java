package org.inpaint.inference.neural;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * One paper's generator network, as a DJL block factory.
 *
 * <p>Contract of the block built by {@link #build}: input {@code NDList(image, mask)} with {@code image} the masked
 * image in [-1, 1] (holes set to 0), shape (N, 3, H, W), and {@code mask} (N, 1, H, W) with 1 = hole; H and W are
 * multiples of {@link #sizeMultiple()}. Output: an NDList whose first array is the completed image (N, 3, H, W)
 * in [-1, 1]; further arrays are named intermediate results a trainer or visualiser may use (for example
 * "coarse", "attention_flow"). Hole pixels hold zeros (the papers) or a classical prefill ({@link Prefill}); either
 * way they carry nothing of the ground truth.
 */
public interface NetworkArchitecture {

    /** The engine name ("deepfill", "csa", "lbam", "swap"). */
    String name();

    /** The paper it implements, for model cards and listings. */
    String paper();

    /**
     * A new, uninitialised generator.
     *
     * @param width channel multiplier: 1.0 is the paper's network, 0.5 halves every layer's channels
     */
    Block build(double width);

    /**
     * The parameters of the layer that produces the output image, as {@link Block#getParameters()} names them
     * (DJL prefixes each child's name with its position). {@link PrefilledResidual} zeroes them so an untrained
     * residual network returns its prefill.
     */
    java.util.regex.Pattern outputLayer();

    /** A new, uninitialised generator; with a prefill, the residual over it ({@link PrefilledResidual}). */
    default Block build(double width, Prefill prefill) {
        Block network = build(width);
        return prefill == Prefill.NONE ? network : new PrefilledResidual(network, outputLayer());
    }

    /**
     * The normalisations this network's layer plan can be built with ({@link #build(double, LayerPlan)}):
     * {@link Normalisation#NONE}, the network as built, unless it offers more.
     */
    default java.util.Set<Normalisation> normalisations() {
        return java.util.EnumSet.of(Normalisation.NONE);
    }

    /** What this network's image heads can read besides the decoder ({@link HeadSkip}): nothing, unless it offers more. */
    default java.util.Set<HeadSkip> headSkips() {
        return java.util.EnumSet.of(HeadSkip.NONE);
    }

    /**
     * How {@code plan} departs from the paper's layers, one sentence per setting, for the model card: empty for the
     * network as built; a network that offers more settings says what they change in it and why.
     */
    default java.util.List<String> layerPlanDeviations(LayerPlan plan) {
        requireOffered(plan);
        return java.util.List.of();
    }

    /** A new, uninitialised generator with {@code plan}'s layers; a plan this network offers ({@link #requireOffered}). */
    default Block build(double width, LayerPlan plan) {
        requireOffered(plan);
        return build(width);
    }

    /** As {@link #build(double, Prefill)}, with {@code plan}'s layers. */
    default Block build(double width, Prefill prefill, LayerPlan plan) {
        if (plan.isAsBuilt()) {
            return build(width, prefill);
        }
        Block network = build(width, plan);
        return prefill == Prefill.NONE ? network : new PrefilledResidual(network, outputLayer());
    }

    /** Fails, naming the setting, when this network offers no layer plan with one of {@code plan}'s settings. */
    default void requireOffered(LayerPlan plan) {
        if (!normalisations().contains(plan.normalisation())) {
            throw org.inpaint.core.InpaintException.badInput("normalisation", name() + " has no layer plan with "
                    + plan.normalisation().label() + " normalisation; it offers: "
                    + normalisations().stream().map(Normalisation::label).toList());
        }
        if (!headSkips().contains(plan.headSkip())) {
            throw org.inpaint.core.InpaintException.badInput("headSkip", name() + " has no layer plan whose image heads read "
                    + "the " + plan.headSkip().label() + "; it offers: " + headSkips().stream().map(HeadSkip::label).toList());
        }
    }

    /**
     * The precision the engine serves in under {@code inference.precision: auto}: bf16 only where it measured faster
     * than fp32 at batch 1 and at batch 8 with val PSNR within 0.1 dB of fp32 (docs/benchmarks.md, "Inference in
     * bf16"); fp32 otherwise.
     */
    default org.inpaint.inference.neural.ops.Precision servedPrecision() {
        return org.inpaint.inference.neural.ops.Precision.FP32;
    }

    /** Input sides must be multiples of this (8 for the papers' 3-downsampling encoders; more for deep U-Nets). */
    int sizeMultiple();

    /** The square side the network is trained and served at by default (256 in the papers). */
    int defaultSize();

    /**
     * How many images one forward should carry: beyond it a batch no longer runs faster per image on CPU
     * ({@code ./inpaint bench scheduler}). The scheduler never batches more jobs for this engine.
     */
    default int preferredBatch() {
        return 4;
    }

    /**
     * A new generator of the given width, set as the model's block and initialised for square inputs of side
     * {@code size} (parameters get their initial values; load weights over them to serve).
     */
    default Block buildInto(Model model, double width, int size) {
        return buildInto(model, width, Prefill.NONE, size);
    }

    /** As {@link #buildInto(Model, double, int)}, for a network that reads the given prefill in its holes. */
    default Block buildInto(Model model, double width, Prefill prefill, int size) {
        return buildInto(model, width, prefill, LayerPlan.AS_BUILT, size);
    }

    /** As {@link #buildInto(Model, double, Prefill, int)}, with {@code plan}'s layers. */
    default Block buildInto(Model model, double width, Prefill prefill, LayerPlan plan, int size) {
        Block block = build(width, prefill, plan);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, size, size), new Shape(1, 1, size, size));
        return block;
    }

    /**
     * A generator to load a stored version into: the card's width, prefill and layer plan, initialised for a
     * small input (a fully convolutional network serves any size).
     */
    default Block buildInto(Model model, org.inpaint.inference.neural.weights.ModelCard card) {
        return buildInto(model, card.width(), card.prefillSetting(), card.layerPlan(),
                sizeMultiple() * Math.max(1, 64 / sizeMultiple()));
    }

    /** Channels scaled by the width multiplier, at least 1. */
    static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }
}
