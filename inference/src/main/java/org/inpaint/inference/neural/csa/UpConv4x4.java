package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The 4×4, stride-2, padding-1 transposed convolution (the networks' "DeConv(4, 4) stride 2"), same parameters and
 * layout (Cin, Cout, 4, 4) as the shared {@code ConvTranspose}, computed by {@link CsaOps#convTranspose4x4s2}.
 */
final class UpConv4x4 extends AbstractBlock {

    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    UpConv4x4(int in, int out, boolean withBias) {
        super((byte) 1);
        this.out = out;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, 4, 4)).build());
        this.bias = withBias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build()) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(CsaOps.convTranspose4x4s2(x, w, b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3))};
    }
}
