package org.inpaint.inference.neural.csa;


import org.inpaint.inference.neural.ops.ConvTranspose;
import static org.inpaint.inference.neural.csa.RoughNetwork.init;
import static org.inpaint.inference.neural.csa.RoughNetwork.run;

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
import org.inpaint.inference.neural.ops.Conv;

/**
 * The refinement network (Section 3.2.1, Table 12), a 9-level U-Net. Level 0: 3×3 convolution to 64 channels and,
 * on the way up, a 3×3 transposed convolution to 3 channels. Levels 1-7 (outer → inner channels 64→128, 128→256,
 * 256→512, then 512→512 four times): LeakyReLU, 4×4 stride-2 convolution with dilation 2 and padding 3 keeping the
 * channels, IN, LeakyReLU, 3×3 convolution to the inner channels, IN; up: ReLU, 3×3 transposed convolution from the
 * concatenated 2×inner channels to the outer ones, IN, ReLU, 4×4 stride-2 transposed convolution, IN, concatenation
 * with the level's input. Level 8 (innermost): LeakyReLU, 4×4 stride-2 convolution (no dilation, padding 1, as Table
 * 12's layer 9), then ReLU, 4×4 stride-2 transposed convolution, IN.
 *
 * <p>The CSA layer sits in level 3 between its 3×3 convolution and the instance norm (Table 12 layer 4), at 1/8 of
 * the input side (32×32 for 256²). Its output is "csa_features"; level 4's up-path output (after its IN, before the
 * concatenation, the same 32×32 scale and channels) is "csa_decoder_features", the decoder layer the consistency loss
 * pairs with the CSA layer (the authors' InnerCos2 reads exactly those channels).
 *
 * <p>As in the authors' code: affine instance norms, no bias in front of them (see {@link RoughNetwork}), no
 * dropout. Table 12 lists 64 output channels for the last layer; the image has 3, as in the authors' code. The
 * authors' last layer has no tanh; it is added here so the output stays in [-1, 1] like the rough network's.
 *
 * <p>Input: NDList(4-channel image+mask, hole mask at the CSA scale). Output: NDList(image in [-1, 1], csa features,
 * decoder features, attention flow).
 */
final class RefinementNetwork extends AbstractBlock {

    static final int LEVELS = 9;
    static final int CSA_LEVEL = 3;
    /** Inner channels per level (the paper's), the outer ones being the previous level's inner (3 at level 0). */
    static final int[] PAPER_CHANNELS = {64, 128, 256, 512, 512, 512, 512, 512, 512};

    private final int[] inner = new int[LEVELS];
    private final int[] outer = new int[LEVELS];
    private final Conv[] dilated = new Conv[LEVELS];
    private final InstanceNorm[] dilatedNorm = new InstanceNorm[LEVELS];
    private final Conv[] conv3 = new Conv[LEVELS];
    private final InstanceNorm[] conv3Norm = new InstanceNorm[LEVELS];
    private final ConvTranspose[] deconv3 = new ConvTranspose[LEVELS];
    private final InstanceNorm[] deconv3Norm = new InstanceNorm[LEVELS];
    private final ConvTranspose[] deconv4 = new ConvTranspose[LEVELS];
    private final InstanceNorm[] deconv4Norm = new InstanceNorm[LEVELS];

    RefinementNetwork(double width, int inputChannels) {
        super((byte) 1);
        for (int l = 0; l < LEVELS; l++) {
            inner[l] = NetworkArchitecture.scaled(PAPER_CHANNELS[l], width);
            outer[l] = l == 0 ? 3 : inner[l - 1];
        }
        conv3[0] = addChildBlock("l0_conv3", Conv.builder(inputChannels, inner[0], 3).build());
        deconv3[0] = addChildBlock("l0_deconv3", new ConvTranspose(2 * inner[0], 3, 3, 1, 1, 0, true));
        for (int l = 1; l < LEVELS - 1; l++) {
            int o = outer[l];
            int i = inner[l];
            String p = "l" + l + "_";
            dilated[l] = addChildBlock(p + "down4", Conv.builder(o, o, 4).stride(2).dilation(2).padding(3).noBias().build());
            dilatedNorm[l] = addChildBlock(p + "down4_norm", new InstanceNorm(o));
            conv3[l] = addChildBlock(p + "conv3", Conv.builder(o, i, 3).noBias().build());
            conv3Norm[l] = addChildBlock(p + "conv3_norm", new InstanceNorm(i));
            deconv3[l] = addChildBlock(p + "deconv3", new ConvTranspose(2 * i, o, 3, 1, 1, 0, false));
            deconv3Norm[l] = addChildBlock(p + "deconv3_norm", new InstanceNorm(o));
            deconv4[l] = addChildBlock(p + "up4", new ConvTranspose(o, o, 4, 2, 1, 0, false));
            deconv4Norm[l] = addChildBlock(p + "up4_norm", new InstanceNorm(o));
        }
        int l = LEVELS - 1;
        dilated[l] = addChildBlock("l" + l + "_down4", Conv.builder(outer[l], inner[l], 4).stride(2).padding(1).build());
        deconv4[l] = addChildBlock("l" + l + "_up4", new ConvTranspose(inner[l], outer[l], 4, 2, 1, 0, false));
        deconv4Norm[l] = addChildBlock("l" + l + "_up4_norm", new InstanceNorm(outer[l]));
    }

    int csaChannels() {
        return inner[CSA_LEVEL];
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] taps = new NDArray[3];
        NDArray x = run(ps, conv3[0], inputs.get(0), training);
        NDArray s = level(ps, 1, x, inputs.get(1), taps, training);
        NDArray out = Activation.tanh(run(ps, deconv3[0], Activation.relu(s), training));
        return new NDList(out, taps[0], taps[1], taps[2]);
    }

    /** Levels 1..8; {@code taps} receives the CSA output, the decoder features and the attention flow. */
    private NDArray level(ParameterStore ps, int l, NDArray x, NDArray holeMask, NDArray[] taps, boolean training) {
        if (l == LEVELS - 1) {
            NDArray d = run(ps, dilated[l], Activation.leakyRelu(x, 0.2f), training);
            NDArray u = run(ps, deconv4[l], Activation.relu(d), training);
            return run(ps, deconv4Norm[l], u, training).concat(x, 1);
        }
        NDArray d = run(ps, dilatedNorm[l], run(ps, dilated[l], Activation.leakyRelu(x, 0.2f), training), training);
        d = run(ps, conv3[l], Activation.leakyRelu(d, 0.2f), training);
        if (l == CSA_LEVEL) {
            CoherentSemanticAttention.Result csa = CoherentSemanticAttention.apply(d, holeMask);
            d = csa.output();
            taps[0] = d;
            taps[2] = csa.flow();
        }
        d = run(ps, conv3Norm[l], d, training);
        NDArray s = level(ps, l + 1, d, holeMask, taps, training);
        NDArray u = run(ps, deconv3Norm[l], run(ps, deconv3[l], Activation.relu(s), training), training);
        u = run(ps, deconv4Norm[l], run(ps, deconv4[l], Activation.relu(u), training), training);
        if (l == CSA_LEVEL + 1) {
            taps[1] = u;
        }
        return u.concat(x, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = init(manager, dataType, conv3[0], inputShapes[0]);
        Shape s = initLevel(manager, dataType, 1, x);
        init(manager, dataType, deconv3[0], s);
    }

    private Shape initLevel(NDManager manager, DataType dataType, int l, Shape x) {
        if (l == LEVELS - 1) {
            Shape d = init(manager, dataType, dilated[l], x);
            Shape u = init(manager, dataType, deconv4Norm[l], init(manager, dataType, deconv4[l], d));
            return new Shape(u.get(0), u.get(1) + x.get(1), u.get(2), u.get(3));
        }
        Shape d = init(manager, dataType, dilatedNorm[l], init(manager, dataType, dilated[l], x));
        d = init(manager, dataType, conv3Norm[l], init(manager, dataType, conv3[l], d));
        Shape s = initLevel(manager, dataType, l + 1, d);
        Shape u = init(manager, dataType, deconv3Norm[l], init(manager, dataType, deconv3[l], s));
        u = init(manager, dataType, deconv4Norm[l], init(manager, dataType, deconv4[l], u));
        return new Shape(u.get(0), u.get(1) + x.get(1), u.get(2), u.get(3));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long n = s.get(0);
        long h = s.get(2) >> CSA_LEVEL;
        long w = s.get(3) >> CSA_LEVEL;
        return new Shape[] {new Shape(n, 3, s.get(2), s.get(3)), new Shape(n, csaChannels(), h, w),
            new Shape(n, csaChannels(), h, w), new Shape(n, 2, h, w)};
    }
}
