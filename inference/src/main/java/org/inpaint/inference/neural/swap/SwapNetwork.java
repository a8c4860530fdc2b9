package org.inpaint.inference.neural.swap;

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
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.ops.Conv;

/**
 * The SWAP generator (Liao et al., CVPR 2021, Fig. 2): a five-scale encoder over [masked image, mask], the Context
 * Inference Module at the 1/16 bottleneck, and a decoder whose feature at each scale l = 1 (1/16) .. 5 (full) is
 * shared by an inpainting head (RGB, tanh) and a k-class segmentation head (logits); SWAP modules carry the
 * features from one scale to the next.
 *
 * <p>The image head reads the shared feature together with softmax(S^l), so the predicted semantics condition the
 * predicted texture at every scale (the coherence prior); with SWAP also reading I^l and softmax(S^l), every head
 * lies on a differentiable path to the final image even though SWAP's class split is an argmax.
 *
 * <p>Output: the full-scale image, then "image_s1" .. "image_s4" (1/2 .. 1/16 scale, tanh) and "seg_s0" ..
 * "seg_s4" (full .. 1/16 scale, logits N×k×h×w) for the multi-scale L1, adversarial and cross-entropy losses.
 *
 * <p>The paper gives no layer plan: channel widths (32-64-128-256-256), kernel sizes, LeakyReLU(0.2) activations
 * and the absence of normalisation layers are our choices, as is the single 3×3 convolution per head; a card may
 * add parameter-free instance normalisation after every convolution of the encoder and the SWAP modules
 * ({@link Normalisation#INSTANCE}), which keeps a prefilled SWAP trainable at higher rates, and let every image head
 * read the encoder's feature of its scale ({@link HeadSkip#ENCODER}), which the attention has pasted over in the
 * holes, so that a residual over a prefill can see the prefill.
 */
final class SwapNetwork extends AbstractBlock {

    /** Encoder channels at scales full, 1/2, 1/4, 1/8, 1/16 (the decoder mirrors them). */
    static final int[] CHANNELS = {32, 64, 128, 256, 256};
    static final int SCALES = CHANNELS.length;

    private final int classes;
    private final EncoderStage[] encoder = new EncoderStage[SCALES];
    private final ContextInference cim;
    private final SwapModule[] swaps = new SwapModule[SCALES - 1];
    private final Conv[] segHeads = new Conv[SCALES];
    private final Conv[] imageHeads = new Conv[SCALES];
    private final boolean headsReadEncoder;

    SwapNetwork(double width, int classes, LayerPlan plan) {
        super((byte) 1);
        if (classes < 2) {
            throw new IllegalArgumentException("need at least 2 classes, got " + classes);
        }
        this.classes = classes;
        this.headsReadEncoder = plan.headSkip() == HeadSkip.ENCODER;
        Normalisation normalisation = plan.normalisation();
        int[] c = new int[SCALES];
        for (int s = 0; s < SCALES; s++) {
            c[s] = NetworkArchitecture.scaled(CHANNELS[s], width);
        }
        for (int s = 0; s < SCALES; s++) {
            encoder[s] = addChildBlock("enc" + s, new EncoderStage(s == 0 ? 4 : c[s - 1], c[s], s > 0, normalisation));
        }
        cim = addChildBlock("cim", new ContextInference(c[SCALES - 1]));
        // decoder level l (1 = coarsest) sits at encoder scale SCALES - l
        for (int l = 1; l <= SCALES; l++) {
            int ch = c[SCALES - l];
            segHeads[l - 1] = addChildBlock("seg" + l, Conv.builder(ch, classes, 3).build());
            int headIn = ch + classes + (headsReadEncoder ? c[SCALES - l] : 0);
            imageHeads[l - 1] = addChildBlock("image" + l, Conv.builder(headIn, 3, 3).build());
            if (l < SCALES) {
                int target = SCALES - l - 1;
                swaps[l - 1] = addChildBlock("swap" + l, new SwapModule(ch, c[target], c[target],
                        NetworkArchitecture.scaled(CHANNELS[target] / 4, width), classes, 1 << (l - 1), normalisation));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray mask = inputs.get(1);
        NDArray x = NDArrays.concat(new NDList(inputs.get(0), mask), 1);
        NDArray[] skips = new NDArray[SCALES];
        for (int s = 0; s < SCALES; s++) {
            x = encoder[s].forward(ps, new NDList(x), training).singletonOrThrow();
            skips[s] = x;
        }
        NDArray phi = cim.forward(ps, new NDList(x), training).singletonOrThrow();
        // every SWAP module attends on the same H/8 × W/8 grid of cells
        SemanticAttention.Context ctx = SemanticAttention.Context.of(mask, 1 << (SCALES - 2), SemanticAttention.SOFTMAX_SCALE);
        NDArray[] images = new NDArray[SCALES];
        NDArray[] segs = new NDArray[SCALES];
        for (int l = 1; ; l++) {
            NDArray seg = segHeads[l - 1].forward(ps, new NDList(phi), training).singletonOrThrow();
            NDArray prob = seg.softmax(1);
            NDList headIn = headsReadEncoder ? new NDList(phi, prob, skips[SCALES - l]) : new NDList(phi, prob);
            NDArray image = imageHeads[l - 1].forward(ps, new NDList(NDArrays.concat(headIn, 1)), training)
                    .singletonOrThrow().tanh();
            images[l - 1] = image;
            segs[l - 1] = seg;
            if (l == SCALES) {
                break;
            }
            NDList in = new NDList(phi, skips[SCALES - l - 1], image, prob);
            in.addAll(SwapModule.attentionInputs(ctx.replaced(GridOps.maxPool(mask, 1 << (SCALES - l - 1))), ctx));
            phi = swaps[l - 1].forward(ps, in, training).singletonOrThrow();
        }
        NDList out = new NDList(images[SCALES - 1]);
        for (int i = 1; i < SCALES; i++) {
            NDArray a = images[SCALES - 1 - i];
            a.setName("image_s" + i);
            out.add(a);
        }
        for (int i = 0; i < SCALES; i++) {
            NDArray a = segs[SCALES - 1 - i];
            a.setName("seg_s" + i);
            out.add(a);
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape image = inputShapes[0];
        Shape mask = inputShapes[1];
        Shape x = new Shape(image.get(0), image.get(1) + mask.get(1), image.get(2), image.get(3));
        Shape[] skips = new Shape[SCALES];
        for (int s = 0; s < SCALES; s++) {
            encoder[s].initialize(manager, dataType, x);
            x = encoder[s].getOutputShapes(new Shape[] {x})[0];
            skips[s] = x;
        }
        cim.initialize(manager, dataType, x);
        Shape phi = x;
        for (int l = 1; l <= SCALES; l++) {
            long n = phi.get(0), h = phi.get(2), w = phi.get(3);
            segHeads[l - 1].initialize(manager, dataType, phi);
            long encoder = headsReadEncoder ? skips[SCALES - l].get(1) : 0;
            imageHeads[l - 1].initialize(manager, dataType, new Shape(n, phi.get(1) + classes + encoder, h, w));
            if (l < SCALES) {
                Shape[] in = {phi, skips[SCALES - l - 1], new Shape(n, 3, h, w), new Shape(n, classes, h, w)};
                swaps[l - 1].initialize(manager, dataType, in);
                phi = swaps[l - 1].getOutputShapes(in)[0];
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape image = inputShapes[0];
        long n = image.get(0), h = image.get(2), w = image.get(3);
        Shape[] out = new Shape[2 * SCALES];
        out[0] = new Shape(n, 3, h, w);
        for (int i = 1; i < SCALES; i++) {
            out[i] = new Shape(n, 3, h >> i, w >> i);
        }
        for (int i = 0; i < SCALES; i++) {
            out[SCALES + i] = new Shape(n, classes, h >> i, w >> i);
        }
        return out;
    }
}
