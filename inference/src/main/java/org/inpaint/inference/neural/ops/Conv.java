package org.inpaint.inference.neural.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D convolution layer with known input channels, zero or reflect ("mirror") padding, dilation and optional
 * bias. "Same" padding ({@code dilation * (k - 1) / 2}) unless a padding is given. Its work is counted by
 * {@link FlopCounter}.
 */
public final class Conv extends AbstractBlock {

    /** How the border is extended. */
    public enum Padding { ZERO, REFLECT }

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int dilation;
    private final int padding;
    private final Padding mode;
    private final Parameter weight;
    private final Parameter bias;
    private final boolean byGemm;

    private Conv(Builder b) {
        super((byte) 1);
        this.in = b.in;
        this.out = b.out;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.dilation = b.dilation;
        this.padding = b.padding >= 0 ? b.padding : b.dilation * (b.kernel - 1) / 2;
        this.mode = b.mode;
        this.byGemm = b.byGemm;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, kernel, kernel)).build());
        this.bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).build()) : null;
    }

    public static Builder builder(int in, int out, int kernel) {
        return new Builder(in, out, kernel);
    }

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (byGemm && training && ExactGradients.on()) {
            return new NDList(NnOps.conv2dByGemm(x, w, stride, padding));
        }
        if (mode == Padding.REFLECT && padding > 0) {
            return new NDList(NnOps.conv2d(NnOps.reflectPad(x, padding), w, b, stride, 0, dilation, 1));
        }
        return new NDList(NnOps.conv2d(x, w, b, stride, padding, dilation, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
        long w = (s.get(3) + 2L * padding - (long) dilation * (kernel - 1) - 1) / stride + 1;
        return new Shape[] {new Shape(s.get(0), out, h, w)};
    }

    @Override
    public String toString() {
        return "Conv(" + in + "->" + out + ", k" + kernel + " s" + stride + " d" + dilation + " p" + padding + " " + mode + ")";
    }

    /** Builder; defaults: stride 1, dilation 1, same padding, zero padding mode, with bias. */
    public static final class Builder {
        private final int in;
        private final int out;
        private final int kernel;
        private int stride = 1;
        private int dilation = 1;
        private int padding = -1;
        private Padding mode = Padding.ZERO;
        private boolean bias = true;
        private boolean byGemm;

        private Builder(int in, int out, int kernel) {
            if (in < 1 || out < 1 || kernel < 1) {
                throw new IllegalArgumentException("bad conv " + in + "->" + out + " k" + kernel);
            }
            this.in = in;
            this.out = out;
            this.kernel = kernel;
        }

        public Builder stride(int s) {
            this.stride = s;
            return this;
        }

        public Builder dilation(int d) {
            this.dilation = d;
            return this;
        }

        public Builder padding(int p) {
            this.padding = p;
            return this;
        }

        public Builder reflect() {
            this.mode = Padding.REFLECT;
            return this;
        }

        public Builder noBias() {
            this.bias = false;
            return this;
        }

        /**
         * Under {@link ExactGradients}, in training, convolves by im2col and a matrix product in float32 instead of
         * oneDNN, whose weight gradient for these layers is not always finite; zero padding, no bias, dilation 1
         * only.
         */
        public Builder byGemm() {
            this.byGemm = true;
            return this;
        }

        public Conv build() {
            if (byGemm && (bias || dilation != 1 || mode != Padding.ZERO)) {
                throw new IllegalArgumentException("a convolution by GEMM has zero padding, no bias and dilation 1");
            }
            return new Conv(this);
        }
    }
}
