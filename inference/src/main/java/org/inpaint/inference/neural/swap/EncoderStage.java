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
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.ops.Conv;

/**
 * One encoder scale: a (strided or 5×5 entry) convolution and a 3×3 convolution, each followed by the layer plan's
 * normalisation and LeakyReLU.
 */
final class EncoderStage extends AbstractBlock {

    static final float SLOPE = 0.2f;

    private final Conv first;
    private final Conv second;
    private final Normalisation normalisation;

    /** @param downsample a stride-2 3×3 first convolution; otherwise a 5×5 entry convolution at full resolution */
    EncoderStage(int in, int out, boolean downsample, Normalisation normalisation) {
        super((byte) 1);
        this.normalisation = normalisation;
        first = addChildBlock("first", downsample
                ? Conv.builder(in, out, 3).stride(2).padding(1).build()
                : Conv.builder(in, out, 5).build());
        second = addChildBlock("second", Conv.builder(out, out, 3).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = activate(normalisation, first.forward(ps, inputs, training).singletonOrThrow());
        return new NDList(activate(normalisation, second.forward(ps, new NDList(x), training).singletonOrThrow()));
    }

    /** A convolution's output normalised as the layer plan says, then LeakyReLU: SWAP's activation throughout. */
    static NDArray activate(Normalisation normalisation, NDArray convolved) {
        return Activation.leakyRelu(normalisation.apply(convolved), SLOPE);
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
