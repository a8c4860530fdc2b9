package org.inpaint.inference.neural.deepfill;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.PrefilledResidual;

/**
 * Generative Image Inpainting with Contextual Attention (DeepFill v1): coarse-to-fine generator with a contextual
 * attention branch in the refinement stage. Both memory options of Section 4.1 are settable: background patch
 * stride and matching downscale rate (defaults 1 and 2, as in the authors' released model).
 */
public final class DeepFillArchitecture implements NetworkArchitecture {

    static final int PATCH = 3;
    static final int FUSE = 3;
    static final float SOFTMAX_SCALE = 10f;

    private final int patchStride;
    private final int rate;

    public DeepFillArchitecture() {
        this(1, 2);
    }

    /**
     * @param patchStride background patches every this many locations of the matching grid
     * @param rate        matching on features downscaled by this factor (1 or even)
     */
    public DeepFillArchitecture(int patchStride, int rate) {
        new ContextualAttention(PATCH, patchStride, rate, FUSE, SOFTMAX_SCALE); // validates
        this.patchStride = patchStride;
        this.rate = rate;
    }

    private static final Pattern OUTPUT_LAYER = Pattern.compile("\\d+refine_decoder_\\d+conv07_(weight|bias)");
    /**
     * With a prefill both stages are residuals, so both output layers start at zero: the coarse network's 17th
     * convolution and the refinement decoder's 7th.
     */
    private static final Pattern RESIDUAL_OUTPUT_LAYERS = Pattern.compile(
            "\\d+coarse_\\d+conv17_(weight|bias)|\\d+refine_decoder_\\d+conv07_(weight|bias)");

    @Override
    public Pattern outputLayer() {
        return OUTPUT_LAYER;
    }

    @Override
    public String name() {
        return "deepfill";
    }

    @Override
    public String paper() {
        return "Yu, Lin, Yang, Shen, Lu, Huang: Generative Image Inpainting with Contextual Attention, CVPR 2018";
    }

    @Override
    public Block build(double width) {
        return build(width, LayerPlan.AS_BUILT);
    }

    /** With a prefill, the coarse stage is a residual over it as well (see {@link DeepFillGenerator}). */
    @Override
    public Block build(double width, Prefill prefill) {
        return build(width, prefill, LayerPlan.AS_BUILT);
    }

    /**
     * Instance normalisation and heads that read the encoder: as a residual over a prefill, DeepFill as built stays
     * at the prefill's PSNR however trained, and with both it leaves it (docs/quality.md, "DeepFill's heads read the
     * encoder").
     */
    @Override
    public Set<Normalisation> normalisations() {
        return EnumSet.allOf(Normalisation.class);
    }

    @Override
    public Set<HeadSkip> headSkips() {
        return EnumSet.allOf(HeadSkip.class);
    }

    @Override
    public List<String> layerPlanDeviations(LayerPlan plan) {
        requireOffered(plan);
        List<String> lines = new ArrayList<>();
        if (plan.normalisation() == Normalisation.INSTANCE) {
            lines.add("Parameter-free instance normalisation after every convolution of both stages but their output "
                    + "layers (the paper has none): with the encoder skip below it doubles what DeepFill gains over the "
                    + "prefill in short probes.");
        }
        if (plan.headSkip() != HeadSkip.NONE) {
            lines.add("Both output layers also read a full-resolution encoder feature (the coarse stage its first "
                    + "convolution's, the refinement its dilated branch's first), where the paper's read only the decoder, "
                    + "upsampled from a quarter of the resolution: without it, trained as a residual over the prefill, "
                    + "DeepFill never left the prefill's PSNR.");
        }
        if (plan.headSkip() == HeadSkip.UNET) {
            lines.add("Each decoder's first half-resolution convolution also reads its encoder's half-resolution feature "
                    + "(the coarse stage its own, the refinement its dilated branch's), as a U-Net's decoder does: between "
                    + "a quarter of the resolution and the head the paper's decoder reads nothing from the encoder.");
        }
        return lines;
    }

    @Override
    public Block build(double width, LayerPlan plan) {
        requireOffered(plan);
        return new DeepFillGenerator(width, attention(), false, plan);
    }

    @Override
    public Block build(double width, Prefill prefill, LayerPlan plan) {
        requireOffered(plan);
        return prefill == Prefill.NONE ? build(width, plan)
                : new PrefilledResidual(new DeepFillGenerator(width, attention(), true, plan), RESIDUAL_OUTPUT_LAYERS);
    }

    private ContextualAttention attention() {
        return new ContextualAttention(PATCH, patchStride, rate, FUSE, SOFTMAX_SCALE);
    }

    /** Two stride-2 layers, then the matching grid is a further rate× smaller. */
    @Override
    public int sizeMultiple() {
        return Math.max(8, 4 * rate);
    }

    @Override
    public int defaultSize() {
        return 256;
    }

    /** Batch 8 still measured slower per image than batch 1 (485 against 250 ms at width 1, docs/benchmarks.md): the working set outgrows the caches. */
    @Override
    public int preferredBatch() {
        return 1;
    }
}
