package org.inpaint.inference.neural.deepfill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
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
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.ops.Conv;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * A chain of the paper's "KxDySzCw" convolutions and "resize(2×)" steps: mirror padding before every convolution,
 * ELU after every convolution except, optionally, the last one. No normalisation as in the paper (which removes
 * batch norm), unless a layer plan adds it. A layer plan may also let the last convolution (the image head) read a
 * full-resolution feature besides the one before it: this stack's own first layer's, or one given as a second input;
 * and a stack may return its first layer's feature as a second output, for another stack's head to read.
 */
final class ConvStack extends AbstractBlock {

    private final List<Conv> convs = new ArrayList<>();
    /** Per step: the mirror padding before the convolution, or -1 for a 2× nearest-neighbour resize. */
    private final List<Integer> steps = new ArrayList<>();
    private final boolean linearLast;
    private final Normalisation normalisation;
    private final boolean headReadsFirstLayer;
    private final int headReadsInput;
    private final boolean outputsFirstLayer;

    private ConvStack(Builder b) {
        super((byte) 1);
        this.linearLast = b.linearLast;
        this.normalisation = b.normalisation;
        this.headReadsFirstLayer = b.headReadsFirstLayer;
        this.headReadsInput = b.headReadsInput;
        this.outputsFirstLayer = b.outputsFirstLayer;
        long convolutions = b.plan.stream().filter(java.util.Objects::nonNull).count();
        int in = b.in;
        int firstLayerChannels = 0;
        int index = 0;
        for (int[] step : b.plan) {
            if (step == null) {
                steps.add(-1);
                continue;
            }
            int out = step[0], k = step[1], s = step[2], d = step[3];
            if (index == 0) {
                firstLayerChannels = out;
            }
            if (index == convolutions - 1) {
                in += headReadsFirstLayer ? firstLayerChannels : headReadsInput;
            }
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
        NDArray x = inputs.get(0);
        NDArray firstLayer = null;
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                x = NnOps.upsampleNearest(x, 2);
                continue;
            }
            Conv conv = convs.get(c++);
            boolean head = c == convs.size();
            if (head && headReadsFirstLayer) {
                x = NDArrays.concat(new NDList(x, firstLayer), 1);
            } else if (head && headReadsInput > 0) {
                x = NDArrays.concat(new NDList(x, inputs.get(1)), 1);
            }
            x = conv.forward(ps, new NDList(DeepFillOps.mirrorPad(x, pad)), training).singletonOrThrow();
            if (!(linearLast && head)) {
                x = Activation.elu(normalisation.apply(x), 1f);
            }
            if (c == 1) {
                firstLayer = x;
            }
        }
        return outputsFirstLayer ? new NDList(x, firstLayer) : new NDList(x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape firstLayer = null;
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                s = new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
                continue;
            }
            Conv conv = convs.get(c++);
            s = conv.getOutputShapes(new Shape[] {convInput(conv, s, pad)})[0];
            if (c == 1) {
                firstLayer = s;
            }
        }
        return outputsFirstLayer ? new Shape[] {s, firstLayer} : new Shape[] {s};
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
            Shape in = convInput(conv, s, pad);
            conv.initialize(manager, dataType, in);
            s = conv.getOutputShapes(new Shape[] {in})[0];
        }
    }

    /** The shape a convolution reads: the feature before it, padded, with the head's extra channels. */
    private static Shape convInput(Conv conv, Shape s, int pad) {
        return new Shape(s.get(0), conv.inChannels(), s.get(2) + 2L * pad, s.get(3) + 2L * pad);
    }

    /** Steps in the paper's notation; channels are given already scaled. */
    static final class Builder {
        private final int in;
        private final List<int[]> plan = new ArrayList<>();
        private boolean linearLast;
        private Normalisation normalisation = Normalisation.NONE;
        private boolean headReadsFirstLayer;
        private int headReadsInput;
        private boolean outputsFirstLayer;

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

        /** Normalises every convolution's output but the linear last one's, before its activation. */
        Builder normalisation(Normalisation normalisation) {
            this.normalisation = normalisation;
            return this;
        }

        /** The last convolution also reads this stack's first layer's feature (same resolution as the head). */
        Builder headReadsFirstLayer() {
            this.headReadsFirstLayer = true;
            return this;
        }

        /** The last convolution also reads the stack's second input, of {@code channels} channels. */
        Builder headReadsInput(int channels) {
            this.headReadsInput = channels;
            return this;
        }

        /** The stack returns its first layer's feature as a second output. */
        Builder outputsFirstLayer() {
            this.outputsFirstLayer = true;
            return this;
        }

        ConvStack build() {
            return new ConvStack(this);
        }
    }
}
