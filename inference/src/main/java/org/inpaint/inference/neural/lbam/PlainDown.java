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

/** The seventh (innermost) encoder layer, which has no attention map: 4×4 stride-2 conv, batch norm, leaky ReLU. */
final class PlainDown extends AbstractBlock {

    private final Conv conv;
    private final BatchNorm norm;

    PlainDown(int in, int out) {
        super((byte) 1);
        conv = addChildBlock("conv", Conv.builder(in, out, 4).stride(2).padding(1).noBias().build());
        norm = addChildBlock("bn", BatchNorm.builder().build());
    }

    /** The layout of this layer's weights: it reads {@code in} and writes {@code out}. */
    Map<Parameter, ChannelLayout.Axes> axes(List<ChannelLayout.Segment> in, List<ChannelLayout.Segment> out) {
        Map<Parameter, ChannelLayout.Axes> axes = new LinkedHashMap<>();
        axes.put(conv.getParameters().get("weight"), ChannelLayout.Axes.convolution(out, in));
        axes.putAll(ChannelLayout.each(norm, ChannelLayout.Axes.perChannel(out)));
        return axes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = conv.forward(ps, inputs, training).singletonOrThrow();
        x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(Activation.leakyRelu(x, 0.2f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes[0]);
        norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes)[0]);
    }
}
