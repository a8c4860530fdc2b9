package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.csa.InstanceNorm;
import org.inpaint.inference.neural.ops.Conv;

/**
 * The 70×70 PatchGAN discriminator of pix2pix, as CSA's Table 4 lists it: 4×4 convolutions C64 (stride 2), C128
 * (stride 2), C256 (stride 2), C512 (stride 1), then one output channel (stride 1); padding 1 everywhere; instance
 * norm on layers 2–4; LeakyReLU(0.2) after every layer but the last. Each output value scores one 70×70 input
 * patch; it returns raw scores (no sigmoid), so the same block serves least-squares, relativistic and logistic
 * losses.
 *
 * <p>Used by CSA (on images), by SWAP at each scale of {@link MultiScalePatchDiscriminator}, and, with a
 * segmentation map concatenated to the image, as SWAP's conditional discriminators ({@link
 * ConditionalPatchDiscriminator}). Input (N, inChannels, H, W) with H, W ≥ 32; output (N, 1, H/8 − 2, W/8 − 2).
 */
public final class PatchDiscriminator extends AbstractBlock {

    static final int KERNEL = 4;
    static final int PADDING = 1;
    static final int[] STRIDES = {2, 2, 2, 1, 1};
    private static final int[] CHANNELS = {64, 128, 256, 512};

    private final Conv[] convs = new Conv[STRIDES.length];
    private final InstanceNorm[] norms = new InstanceNorm[STRIDES.length];

    /**
     * @param inChannels   input channels (3 for an image)
     * @param width        channel multiplier (1 = 64-128-256-512)
     * @param instanceNorm false drops the instance norms (their statistics couple every position of a map)
     */
    public PatchDiscriminator(int inChannels, double width, boolean instanceNorm) {
        super((byte) 1);
        int in = inChannels;
        for (int i = 0; i < STRIDES.length; i++) {
            int out = i < CHANNELS.length ? NetworkArchitecture.scaled(CHANNELS[i], width) : 1;
            convs[i] = addChildBlock("conv" + (i + 1), Conv.builder(in, out, KERNEL).stride(STRIDES[i]).padding(PADDING).build());
            if (instanceNorm && i >= 1 && i <= 3) {
                norms[i] = addChildBlock("norm" + (i + 1), new InstanceNorm(out));
            }
            in = out;
        }
    }

    public PatchDiscriminator(int inChannels, double width) {
        this(inChannels, width, true);
    }

    /** The side of the input square one output value sees: r_{l-1} = (r_l − 1)·stride_l + k, from r = 1 at the output. */
    public static int receptiveField() {
        int r = 1;
        for (int i = STRIDES.length - 1; i >= 0; i--) {
            r = (r - 1) * STRIDES[i] + KERNEL;
        }
        return r;
    }

    /** Total stride: how far apart in the input neighbouring outputs' patches lie. */
    public static int stride() {
        int s = 1;
        for (int st : STRIDES) {
            s *= st;
        }
        return s;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < convs.length; i++) {
            x = convs[i].forward(ps, new NDList(x), training).singletonOrThrow();
            if (norms[i] != null) {
                x = norms[i].forward(ps, new NDList(x), training).singletonOrThrow();
            }
            if (i < convs.length - 1) {
                x = Activation.leakyRelu(x, 0.2f);
            }
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (int i = 0; i < convs.length; i++) {
            convs[i].initialize(manager, dataType, x);
            x = convs[i].getOutputShapes(new Shape[] {x})[0];
            if (norms[i] != null) {
                norms[i].initialize(manager, dataType, x);
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        for (Conv c : convs) {
            x = c.getOutputShapes(new Shape[] {x})[0];
        }
        return new Shape[] {x};
    }
}
