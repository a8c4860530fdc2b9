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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.ops.Conv;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * A chain of the paper's "KxDySzCw" convolutions and "resize(2×)" steps: mirror padding before every convolution,
 * ELU after every convolution except, optionally, the last one. No normalisation as in the paper (which removes
 * batch norm), unless a layer plan adds it. A layer plan may also let a convolution read a feature of its resolution
 * besides the one before it (a skip): one of this stack's own earlier layers', or one given as a further input; and a
 * stack may return some of its layers' features as further outputs, for another stack's convolutions to read.
 */
final class ConvStack extends AbstractBlock {

    private final List<Conv> convs = new ArrayList<>();
    /** Per step: the mirror padding before the convolution, or -1 for a 2× nearest-neighbour resize. */
    private final List<Integer> steps = new ArrayList<>();
    private final boolean linearLast;
    private final Normalisation normalisation;
    /** Per convolution (1-based): the feature it also reads, concatenated after the one before it. */
    private final Map<Integer, Skip> skips;
    /** The layers (1-based) whose features the stack returns after its last one, in this order. */
    private final List<Integer> extraOutputs;

    private ConvStack(Builder b) {
        super((byte) 1);
        this.linearLast = b.linearLast;
        this.normalisation = b.normalisation;
        this.skips = Map.copyOf(b.skips);
        this.extraOutputs = List.copyOf(b.extraOutputs);
        List<Integer> layerChannels = new ArrayList<>();
        int in = b.in;
        int index = 0;
        for (int[] step : b.plan) {
            if (step == null) {
                steps.add(-1);
                continue;
            }
            int out = step[0], k = step[1], s = step[2], d = step[3];
            Skip skip = skips.get(index + 1);
            if (skip != null) {
                in += skip.fromInput() ? skip.channels() : layerChannels.get(skip.source() - 1);
            }
            // mirror padding is applied here by DeepFillOps.mirrorPad rather than by Conv.reflect(): NnOps.reflectPad
            // rejects pads as wide as the side, which the dilation-16 layers need for inputs of 64 px and less
            Conv conv = addChildBlock(String.format("conv%02d", ++index), Conv.builder(in, out, k).stride(s).dilation(d)
                    .padding(0).build());
            convs.add(conv);
            steps.add(d * (k - 1) / 2);
            layerChannels.add(out);
            in = out;
        }
    }

    /** A feature a convolution also reads: the stack's input number {@code source}, or its own layer {@code source}. */
    private record Skip(boolean fromInput, int source, int channels) {
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
        List<NDArray> layers = new ArrayList<>();
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                x = NnOps.upsampleNearest(x, 2);
                continue;
            }
            Conv conv = convs.get(c++);
            boolean head = c == convs.size();
            Skip skip = skips.get(c);
            if (skip != null) {
                NDArray read = skip.fromInput() ? inputs.get(skip.source()) : layers.get(skip.source() - 1);
                x = NDArrays.concat(new NDList(x, read), 1);
            }
            x = conv.forward(ps, new NDList(DeepFillOps.mirrorPad(x, pad)), training).singletonOrThrow();
            if (!(linearLast && head)) {
                x = Activation.elu(normalisation.apply(x), 1f);
            }
            layers.add(x);
        }
        NDList out = new NDList(x);
        extraOutputs.forEach(layer -> out.add(layers.get(layer - 1)));
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        List<Shape> layers = new ArrayList<>();
        int c = 0;
        for (int pad : steps) {
            if (pad < 0) {
                s = new Shape(s.get(0), s.get(1), s.get(2) * 2, s.get(3) * 2);
                continue;
            }
            Conv conv = convs.get(c++);
            s = conv.getOutputShapes(new Shape[] {convInput(conv, s, pad)})[0];
            layers.add(s);
        }
        List<Shape> out = new ArrayList<>(List.of(s));
        extraOutputs.forEach(layer -> out.add(layers.get(layer - 1)));
        return out.toArray(Shape[]::new);
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
        private final Map<Integer, Skip> skips = new HashMap<>();
        private final List<Integer> extraOutputs = new ArrayList<>();

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

        /** The convolutions planned so far: the 1-based index of the last one. */
        int convolutions() {
            return (int) plan.stream().filter(Objects::nonNull).count();
        }

        /** Convolution {@code conv} (1-based) also reads this stack's layer {@code layer} (same resolution). */
        Builder convReadsLayer(int conv, int layer) {
            skips.put(conv, new Skip(false, layer, 0));
            return this;
        }

        /** Convolution {@code conv} (1-based) also reads the stack's input number {@code input}, of {@code channels}. */
        Builder convReadsInput(int conv, int input, int channels) {
            skips.put(conv, new Skip(true, input, channels));
            return this;
        }

        /** The stack also returns layer {@code layer}'s feature, after its last one and any returned before. */
        Builder outputsLayer(int layer) {
            extraOutputs.add(layer);
            return this;
        }

        ConvStack build() {
            return new ConvStack(this);
        }
    }
}
