package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.ops.Conv;

/**
 * One step of the reverse-mask path (Eq. 12–13): M_d^c = k_{M_d} ⊗ M_d (4×4, stride 2, no bias); outputs the
 * reverse attention map g_A(M_d^c) and the updated mask g_M(M_d^c) handed on to the next coarser level, i.e. to the
 * decoder layer before it.
 */
final class ReverseMaskConv extends AbstractBlock {

    private final Conv maskConv;
    private final AsymmetricGaussian attention;

    /** @param first whether this layer reads the 0/1 input mask rather than an updated mask */
    ReverseMaskConv(int in, int out, boolean first) {
        super((byte) 1);
        maskConv = addChildBlock("mask_conv", Conv.builder(in, out, 4).stride(2).padding(1).noBias().byGemm().build());
        maskConv.getParameters().get("weight").setInitializer(first ? MaskConvInitializer.first() : MaskConvInitializer.later());
        // The paper initialises every g_A alike (a = 1.1, μ = 2, γ = 1); the authors' PyTorch code starts the reverse
        // ones at (1.1, 1.0, 0.5, 0.5). We follow the paper.
        attention = addChildBlock("g_a", new AsymmetricGaussian());
    }

    /** The layout of this layer's weights: it reads {@code in} mask channels and writes {@code out}. */
    Map<Parameter, ChannelLayout.Axes> axes(List<ChannelLayout.Segment> in, List<ChannelLayout.Segment> out) {
        return Map.of(maskConv.getParameters().get("weight"), ChannelLayout.Axes.convolution(out, in));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray convMask = maskConv.forward(ps, new NDList(inputs.singletonOrThrow()), training).singletonOrThrow();
        NDArray map = attention.forward(ps, new NDList(convMask), training).singletonOrThrow();
        return new NDList(map, MaskUpdate.apply(convMask));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = maskConv.getOutputShapes(inputShapes)[0];
        return new Shape[] {s, s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        maskConv.initialize(manager, dataType, inputShapes[0]);
        attention.initialize(manager, dataType, maskConv.getOutputShapes(inputShapes)[0]);
    }
}
