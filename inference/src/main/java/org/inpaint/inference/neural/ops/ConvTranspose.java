package org.inpaint.inference.neural.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A transposed 2-D convolution layer ("deconvolution"), PyTorch semantics and weight layout (Cin, Cout, k, k),
 * computed by {@link NnOps#conv2dTranspose} because the DJL PyTorch engine does not implement it.
 */
public final class ConvTranspose extends AbstractBlock {

    private final int out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose(int in, int out, int kernel, int stride, int padding, int outputPadding, boolean withBias) {
        super((byte) 1);
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.outputPadding = outputPadding;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, kernel, kernel)).build());
        this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(NnOps.conv2dTranspose(x, w, b, stride, padding, outputPadding, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) - 1) * stride - 2L * padding + (kernel - 1) + outputPadding + 1;
        long w = (s.get(3) - 1) * stride - 2L * padding + (kernel - 1) + outputPadding + 1;
        return new Shape[] {new Shape(s.get(0), out, h, w)};
    }
}
