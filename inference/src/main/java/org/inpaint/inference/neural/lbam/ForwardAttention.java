package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.ops.Conv;

/**
 * An encoder layer with a learnable forward attention map (Eqs. 6, 8–11): F^conv = W^T F^in,
 * M^c = k_M ⊗ M, F^out = F^conv ⊙ g_A(M^c), M' = g_M(M^c); then batch norm (if enabled) and leaky ReLU 0.2.
 * Both convolutions are 4×4, stride 2, padding 1, without bias.
 *
 * <p>Input {@code NDList(features, mask)}; output {@code NDList(features', mask', F^conv, g_A(M^c))} — the last two
 * are what the mirrored decoder layer re-uses (Eq. 12).
 */
final class ForwardAttention extends AbstractBlock {

    private final Conv conv;
    private final Conv maskConv;
    private final AsymmetricGaussian attention;
    private final BatchNorm norm;

    /** @param first whether this layer reads the 0/1 input mask rather than an updated mask */
    ForwardAttention(int in, int maskIn, int out, boolean first, boolean batchNorm) {
        super((byte) 1);
        conv = addChildBlock("conv", Conv.builder(in, out, 4).stride(2).padding(1).noBias().build());
        maskConv = addChildBlock("mask_conv", Conv.builder(maskIn, out, 4).stride(2).padding(1).noBias().byGemm().build());
        maskConv.getParameters().get("weight").setInitializer(first ? MaskConvInitializer.first() : MaskConvInitializer.later());
        attention = addChildBlock("g_a", new AsymmetricGaussian());
        norm = batchNorm ? addChildBlock("bn", BatchNorm.builder().build()) : null;
    }

    /** The layout of this layer's weights: it reads {@code in} features and {@code maskIn} mask channels and writes {@code out}. */
    Map<Parameter, ChannelLayout.Axes> axes(List<ChannelLayout.Segment> in, List<ChannelLayout.Segment> maskIn,
                                            List<ChannelLayout.Segment> out) {
        Map<Parameter, ChannelLayout.Axes> axes = new LinkedHashMap<>();
        axes.put(conv.getParameters().get("weight"), ChannelLayout.Axes.convolution(out, in));
        axes.put(maskConv.getParameters().get("weight"), ChannelLayout.Axes.convolution(out, maskIn));
        if (norm != null) {
            axes.putAll(ChannelLayout.each(norm, ChannelLayout.Axes.perChannel(out)));
        }
        return axes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray convFeatures = conv.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
        NDArray convMask = maskConv.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow();
        NDArray map = attention.forward(ps, new NDList(convMask), training).singletonOrThrow();
        NDArray x = convFeatures.mul(map);
        if (norm != null) {
            x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        x = Activation.leakyRelu(x, 0.2f);
        return new NDList(x, MaskUpdate.apply(convMask), convFeatures, map);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = conv.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        return new Shape[] {s, s, s, s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
        maskConv.initialize(manager, dataType, inputShapes[1]);
        Shape out = conv.getOutputShapes(new Shape[] {inputShapes[0]})[0];
        attention.initialize(manager, dataType, out);
        if (norm != null) {
            norm.initialize(manager, dataType, out);
        }
    }
}
