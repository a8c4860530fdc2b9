package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.ops.Conv;

/** One encoder scale: a (strided or 5×5 entry) convolution and a 3×3 convolution, each followed by LeakyReLU. */
final class EncoderStage extends AbstractBlock {

    static final float SLOPE = 0.2f;

    private final Conv first;
    private final Conv second;

    /** @param downsample a stride-2 3×3 first convolution; otherwise a 5×5 entry convolution at full resolution */
    EncoderStage(int in, int out, boolean downsample) {
        super((byte) 1);
        first = addChildBlock("first", downsample
                ? Conv.builder(in, out, 3).stride(2).padding(1).build()
                : Conv.builder(in, out, 5).build());
        second = addChildBlock("second", Conv.builder(out, out, 3).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = Activation.leakyRelu(first.forward(ps, inputs, training).singletonOrThrow(), SLOPE);
        return new NDList(Activation.leakyRelu(second.forward(ps, new NDList(x), training).singletonOrThrow(), SLOPE));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        first.initialize(manager, dataType, inputShapes[0]);
        second.initialize(manager, dataType, first.getOutputShapes(inputShapes)[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return second.getOutputShapes(first.getOutputShapes(inputShapes));
    }
}
