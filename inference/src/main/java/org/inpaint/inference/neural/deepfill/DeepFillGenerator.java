package org.inpaint.inference.neural.deepfill;

import static org.inpaint.inference.neural.NetworkArchitecture.scaled;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.LayerPlan;
import org.inpaint.inference.neural.Normalisation;

/**
 * The DeepFill v1 generator (Yu et al. 2018, Fig. 4 and Appendix D): a coarse encoder-decoder, then a refinement
 * network whose dilated-convolution encoder and contextual-attention encoder run in parallel on the coarse result
 * pasted into the input, concatenated into one decoder. Outputs: the refined image, then "coarse" and
 * "attention_flow".
 *
 * <p>With a classical prefill in the holes (beyond the paper) the coarse stage is a residual over it too, its last
 * layer starting at zero: the refinement then reads the prefill, not an untrained coarse guess, where the holes are,
 * and can learn what to add to it. (With the coarse stage plain, the refinement saw the coarse output in the holes
 * and never the prefill its own output is added to, so it could not learn a residual: 584 steps stayed at exactly
 * the Navier-Stokes PSNR.) Even so, trained as a residual, it stays at the prefill's PSNR; a layer plan beyond the
 * paper lets both output layers read a full-resolution encoder feature and normalises every other convolution,
 * and with that it leaves the floor ({@link DeepFillArchitecture#headSkips()}).
 */
final class DeepFillGenerator extends AbstractBlock {

    /** Input: RGB, a ones channel and the mask, as in the authors' code (the ones channel marks the image extent). */
    private static final int IN_CHANNELS = 5;

    private final ConvStack coarse;
    private final ConvStack hallucination;
    private final ConvStack attentionEncoder;
    private final ConvStack attentionOut;
    private final ConvStack decoder;
    private final ContextualAttention attention;
    private final boolean coarseResidual;

    /**
     * @param coarseResidual the coarse stage adds its output to the input image (for a prefilled input) instead of
     *                       producing the image itself
     * @param plan           instance normalisation after every convolution but the two output layers, and heads that
     *                       read the encoder: the coarse stage's its own first layer's feature, the refinement's the
     *                       dilated branch's first layer's (both full resolution, where the paper's heads read only an
     *                       upsampled quarter-resolution decoder); with {@link HeadSkip#UNET} each decoder's first
     *                       half-resolution convolution also reads the same encoder's half-resolution feature
     */
    DeepFillGenerator(double width, ContextualAttention attention, boolean coarseResidual, LayerPlan plan) {
        super((byte) 1);
        this.attention = attention;
        this.coarseResidual = coarseResidual;
        Normalisation norm = plan.normalisation();
        int c32 = scaled(32, width), c64 = scaled(64, width), c128 = scaled(128, width), c16 = scaled(16, width);
        // Appendix D, "Inpainting network" (the coarse stage is a full encoder-decoder)
        ConvStack.Builder coarsePlan = encoder(ConvStack.builder(IN_CHANNELS), c32, c64, c128)
                .conv(c128, 3, 1, 2).conv(c128, 3, 1, 4).conv(c128, 3, 1, 8).conv(c128, 3, 1, 16)
                .conv(c128, 3, 1).conv(c128, 3, 1);
        int coarseTail = coarsePlan.convolutions();
        decoderTail(coarsePlan, c16, c32, c64).normalisation(norm);
        ConvStack.Builder dilatedPlan = encoder(ConvStack.builder(IN_CHANNELS), c32, c64, c128)
                .conv(c128, 3, 1, 2).conv(c128, 3, 1, 4).conv(c128, 3, 1, 8).conv(c128, 3, 1, 16).normalisation(norm);
        // the decoder part of the plan, on the concatenation of both branches
        ConvStack.Builder decoderPlan = ConvStack.builder(2 * c128).conv(c128, 3, 1).conv(c128, 3, 1);
        int decoderTail = decoderPlan.convolutions();
        decoderTail(decoderPlan, c16, c32, c64).normalisation(norm);
        if (plan.headSkip() != HeadSkip.NONE) {
            coarsePlan.convReadsLayer(coarseTail + TAIL_HEAD, FULL_RESOLUTION_LAYER);
            dilatedPlan.outputsLayer(FULL_RESOLUTION_LAYER);
            decoderPlan.convReadsInput(decoderTail + TAIL_HEAD, 1, c32);
        }
        if (plan.headSkip() == HeadSkip.UNET) {
            coarsePlan.convReadsLayer(coarseTail + TAIL_HALF_RESOLUTION, HALF_RESOLUTION_LAYER);
            dilatedPlan.outputsLayer(HALF_RESOLUTION_LAYER);
            decoderPlan.convReadsInput(decoderTail + TAIL_HALF_RESOLUTION, 2, c64);
        }
        this.coarse = addChildBlock("coarse", coarsePlan.build());
        // refinement, dilated-convolution branch: the encoder part of the same plan
        this.hallucination = addChildBlock("refine_conv", dilatedPlan.build());
        // refinement, "Contextual attention branch": K5S1C32 ... K3S1C128 - attention - K3S1C128 - K3S1C128
        this.attentionEncoder = addChildBlock("refine_attention_in",
                encoder(ConvStack.builder(IN_CHANNELS), c32, c64, c128).normalisation(norm).build());
        this.attentionOut = addChildBlock("refine_attention_out", ConvStack.builder(c128)
                .conv(c128, 3, 1).conv(c128, 3, 1).normalisation(norm).build());
        this.decoder = addChildBlock("refine_decoder", decoderPlan.build());
    }

    /** The encoder's layers (1-based) whose features the skips read: its 5×5 one, and the last at half resolution. */
    private static final int FULL_RESOLUTION_LAYER = 1, HALF_RESOLUTION_LAYER = 3;
    /** The decoder tail's convolutions (1-based) that read them: its first at half resolution, and its head. */
    private static final int TAIL_HALF_RESOLUTION = 1, TAIL_HEAD = 5;

    /** K5S1C32 - K3S2C64 - K3S1C64 - K3S2C128 - K3S1C128 - K3S1C128. */
    private static ConvStack.Builder encoder(ConvStack.Builder b, int c32, int c64, int c128) {
        return b.conv(c32, 5, 1).conv(c64, 3, 2).conv(c64, 3, 1).conv(c128, 3, 2).conv(c128, 3, 1).conv(c128, 3, 1);
    }

    /** resize(2×) - K3S1C64 - K3S1C64 - resize(2×) - K3S1C32 - K3S1C16 - K3S1C3 (linear, clipped by the caller). */
    private static ConvStack.Builder decoderTail(ConvStack.Builder b, int c16, int c32, int c64) {
        return b.resize().conv(c64, 3, 1).conv(c64, 3, 1).resize().conv(c32, 3, 1).conv(c16, 3, 1).conv(3, 3, 1).linearLast();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray ones = mask.onesLike();
        NDArray known = mask.neg().add(1f);
        // the coarse network reads the holes as given: zeros (the paper) or a classical prefill (PrefilledResidual)
        NDArray coarseOut = coarse.forward(ps, new NDList(NDArrays.concat(new NDList(image, ones, mask), 1)), training)
                .singletonOrThrow();
        NDArray stage1 = (coarseResidual ? image.add(coarseOut) : coarseOut).clip(-1f, 1f);

        NDArray pasted = image.mul(known).add(stage1.mul(mask));
        NDArray in2 = NDArrays.concat(new NDList(pasted, ones, mask), 1);
        NDList dilated = hallucination.forward(ps, new NDList(in2), training);
        NDArray feat = attentionEncoder.forward(ps, new NDList(in2), training).singletonOrThrow();
        // the mask at the 1/4 feature scale; max-pooled so a cell with any hole pixel counts as hole (the authors'
        // code samples the nearest pixel, which can let a patch that overlaps the hole serve as background)
        NDArray featMask = DeepFillOps.downsampleMax(mask, 4);
        NDList attended = attention.apply(feat, featMask);
        NDArray att = attentionOut.forward(ps, new NDList(attended.get(0)), training).singletonOrThrow();
        NDList decoderIn = new NDList(NDArrays.concat(new NDList(dilated.get(0), att), 1));
        decoderIn.addAll(dilated.subNDList(1)); // the dilated branch's encoder features, for the decoder's skips
        NDArray stage2 = decoder.forward(ps, decoderIn, training).singletonOrThrow().clip(-1f, 1f);

        stage1.setName("coarse");
        NDArray flow = attended.get(1);
        flow.setName("attention_flow");
        return new NDList(stage2, stage1, flow);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0), h = s.get(2), w = s.get(3);
        int r = 4 * attention.rate();
        return new Shape[] {new Shape(n, 3, h, w), new Shape(n, 3, h, w), new Shape(n, 2, h / r, w / r)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape in = new Shape(s.get(0), IN_CHANNELS, s.get(2), s.get(3));
        coarse.initialize(manager, dataType, in);
        hallucination.initialize(manager, dataType, in);
        attentionEncoder.initialize(manager, dataType, in);
        Shape feat = attentionEncoder.getOutputShapes(new Shape[] {in})[0];
        attentionOut.initialize(manager, dataType, feat);
        Shape conv = hallucination.getOutputShapes(new Shape[] {in})[0];
        decoder.initialize(manager, dataType,
                new Shape(s.get(0), conv.get(1) + attentionOut.outChannels(), conv.get(2), conv.get(3)));
    }
}
