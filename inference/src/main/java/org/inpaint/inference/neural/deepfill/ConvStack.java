package org.inpaint.inference.neural.deepfill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.inference.neural.ops.Conv;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * A chain of the paper's "KxDySzCw" convolutions and "resize(2×)" steps: mirror padding before every convolution,
 * ELU after every convolution except, optionally, the last one. No normalisation (the paper removes batch norm).
 */
final class ConvStack extends AbstractBlock {

    private final List<Conv> convs = new ArrayList<>();
    /** Per step: the mirror padding before the convolution, or -1 for a 2× nearest-neighbour resize. */
    private final List<Integer> steps = new ArrayList<>();
    private final boolean linearLast;

    private ConvStack(Builder b) {
        super((byte) 1);
        this.linearLast = b.linearLast;
        int in = b.in;
        int index = 0;
        for (int[] step : b.plan) {
            if (step == null) {
                steps.add(-1);
                continue;
            }
            int out = step[0], k = step[1], s = step[2], d = step[3];
            // mirror padding is applied here by DeepFillOps.mirrorPad rather than by Conv.reflect(): NnOps.reflectPad
            // rejects pads as wide as the side, which the dilation-16 layers need for inputs of 64 px and less
            Conv conv = addChildBlock(String.format("conv%02d", ++index), Conv.builder(in, out, k).stride(s).dilation(d)
                    .padding(0).build());
            convs.add(conv);
            steps.add(d * (k - 1) / 2);
            in = out;
        }
    }

    static Builder builder(int inChannels) {
        return new Builder(inChannels);
    }

    int outChannels() {
        return convs.get(convs.size() - 1).outChannels();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                x = NnOps.upsampleNearest(x, 2);
                continue;
            }
            Conv conv = convs.get(c++);
            x = conv.forward(ps, new NDList(DeepFillOps.mirrorPad(x, pad)), training).singletonOrThrow();
            if (!(linearLast && c == convs.size())) {
                x = Activation.elu(x, 1f);
            }
        }
        return new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        int c = 0;
        for (int pad : steps) {
            s = pad < 0 ? new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2)
                    : convs.get(c++).getOutputShapes(new Shape[] {padded(s, pad)})[0];
        }
        return new Shape[] {s};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                s = new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
                continue;
            }
            Conv conv = convs.get(c++);
            Shape in = padded(s, pad);
            conv.initialize(manager, dataType, in);
            s = conv.getOutputShapes(new Shape[] {in})[0];
        }
    }

    private static Shape padded(Shape s, int pad) {
        return new Shape(s.get(0), s.get(1), s.get(2) + 2L * pad, s.get(3) + 2L * pad);
    }

    /** Steps in the paper's notation; channels are given already scaled. */
    static final class Builder {
        private final int in;
        private final List<int[]> plan = new ArrayList<>();
        private boolean linearLast;

        private Builder(int in) {
            this.in = in;
        }

        /** K{k}D{d}S{s}C{out}. */
        Builder conv(int out, int k, int s, int d) {
            plan.add(new int[] {out, k, s, d});
            return this;
        }

        Builder conv(int out, int k, int s) {
            return conv(out, k, s, 1);
        }

        /** resize(2×), nearest neighbour as in the authors' code. */
        Builder resize() {
            plan.add(null);
            return this;
        }

        /** No activation after the last convolution (the output layer, clipped by the caller). */
        Builder linearLast() {
            this.linearLast = true;
            return this;
        }

        ConvStack build() {
            return new ConvStack(this);
        }
    }
}
