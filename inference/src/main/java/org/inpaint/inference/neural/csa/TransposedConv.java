package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The networks' two transposed convolutions ("DeConv"): 4×4 with stride 2 and padding 1 (doubles the side), and 3×3
 * with stride 1 and padding 1 (keeps it). Same parameters and layout (Cin, Cout, k, k) as the shared
 * {@code ConvTranspose}, computed by {@link CsaOps#convTranspose4x4s2} and {@link CsaOps#convTranspose3x3s1}, which
 * also keep the per-call kernel rearrangement in the input's NDManager scope.
 */
final class TransposedConv extends AbstractBlock {

    private final int out;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code kernel} 4: stride 2, padding 1; {@code kernel} 3: stride 1, padding 1. */
    TransposedConv(int in, int out, int kernel, boolean withBias) {
        super((byte) 1);
        if (kernel != 3 && kernel != 4) {
            throw new IllegalArgumentException("kernel 3 or 4, got " + kernel);
        }
        this.out = out;
        this.kernel = kernel;
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
        return new NDList(kernel == 4 ? CsaOps.convTranspose4x4s2(x, w, b) : CsaOps.convTranspose3x3s1(x, w, b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int f = kernel == 4 ? 2 : 1;
        return new Shape[] {new Shape(s.get(0), out, f * s.get(2), f * s.get(3))};
    }
}
