package org.inpaint.inference.neural.csa;

import org.inpaint.inference.neural.ops.ConvTranspose;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.Conv;

/**
 * The rough network (Section 3.1, Table 3): pix2pix's 8-level U-Net generator. Down: 4×4 stride-2 convolutions
 * 64-128-256-512-512-512-512-512, LeakyReLU(0.2) before each but the first, instance norm after each but the first
 * and the innermost. Up: ReLU, 4×4 stride-2 transposed convolution, instance norm, concatenation with the matching
 * encoder features; the last one maps to 3 channels with tanh. Input: masked image and mask (4 channels).
 *
 * <p>Instance norms are affine, as in the authors' code ({@code InstanceNorm2d(affine=True)}); the convolutions
 * feeding an instance norm have no bias, since the norm subtracts any per-channel constant (the authors' biases there
 * are dead parameters that never receive a gradient). The transposed convolutions are the shared {@link ConvTranspose}.
 */
final class RoughNetwork extends AbstractBlock {

    static final int[] PAPER_CHANNELS = {64, 128, 256, 512, 512, 512, 512, 512};
    static final int LEVELS = PAPER_CHANNELS.length;

    private final int[] inner = new int[LEVELS];
    private final int[] outer = new int[LEVELS];
    private final Conv[] down = new Conv[LEVELS];
    private final InstanceNorm[] downNorm = new InstanceNorm[LEVELS];
    private final ConvTranspose[] up = new ConvTranspose[LEVELS];
    private final InstanceNorm[] upNorm = new InstanceNorm[LEVELS];

    RoughNetwork(double width, int inputChannels) {
        super((byte) 1);
        for (int l = 0; l < LEVELS; l++) {
            inner[l] = NetworkArchitecture.scaled(PAPER_CHANNELS[l], width);
            outer[l] = l == 0 ? 3 : inner[l - 1];
        }
        for (int l = 0; l < LEVELS; l++) {
            boolean outermost = l == 0;
            boolean innermost = l == LEVELS - 1;
            int in = outermost ? inputChannels : outer[l];
            Conv.Builder d = Conv.builder(in, inner[l], 4).stride(2).padding(1);
            if (!outermost && !innermost) {
                d.noBias();
            }
            down[l] = addChildBlock("down" + l, d.build());
            if (!outermost && !innermost) {
                downNorm[l] = addChildBlock("down" + l + "_norm", new InstanceNorm(inner[l]));
            }
            int upIn = innermost ? inner[l] : 2 * inner[l];
            up[l] = addChildBlock("up" + l, new ConvTranspose(upIn, outer[l], 4, 2, 1, 0, outermost));
            if (!outermost) {
                upNorm[l] = addChildBlock("up" + l + "_norm", new InstanceNorm(outer[l]));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(level(ps, 0, inputs.singletonOrThrow(), training));
    }

    private NDArray level(ParameterStore ps, int l, NDArray x, boolean training) {
        NDArray d = run(ps, down[l], l == 0 ? x : Activation.leakyRelu(x, 0.2f), training);
        if (downNorm[l] != null) {
            d = run(ps, downNorm[l], d, training);
        }
        NDArray s = l == LEVELS - 1 ? d : level(ps, l + 1, d, training);
        NDArray u = run(ps, up[l], Activation.relu(s), training);
        if (l == 0) {
            return Activation.tanh(u);
        }
        return run(ps, upNorm[l], u, training).concat(x, 1);
    }

    static NDArray run(ParameterStore ps, Block block, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        initLevel(manager, dataType, 0, inputShapes[0]);
    }

    /** Initialises level l's blocks for input shape {@code x}; returns the level's output shape. */
    private Shape initLevel(NDManager manager, DataType dataType, int l, Shape x) {
        Shape d = init(manager, dataType, down[l], x);
        if (downNorm[l] != null) {
            d = init(manager, dataType, downNorm[l], d);
        }
        Shape s = l == LEVELS - 1 ? d : initLevel(manager, dataType, l + 1, d);
        Shape u = init(manager, dataType, up[l], s);
        if (l == 0) {
            return u;
        }
        u = init(manager, dataType, upNorm[l], u);
        return new Shape(u.get(0), u.get(1) + x.get(1), u.get(2), u.get(3));
    }

    static Shape init(NDManager manager, DataType dataType, Block block, Shape in) {
        block.initialize(manager, dataType, in);
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3))};
    }
}
