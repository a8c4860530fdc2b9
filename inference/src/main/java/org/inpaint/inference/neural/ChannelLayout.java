package org.inpaint.inference.neural;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a network's parameters run over its channel groups (beyond the papers): for each parameter, which of its
 * array axes are made of which groups, and which axis is its fan-in (the channels a weight reads). With it a version
 * trained at one width can be carried into a wider network that starts as the same function (function-preserving
 * widening, as Net2Net, Chen et al. 2016): every added channel copies an existing one, and the weights that read the
 * two copies share what read the one. A network that can be widened implements it on the block that holds its layers.
 */
public interface ChannelLayout {

    /** The channel groups' sizes in this instance, in group order. */
    int[] channelGroups();

    /** The axes of each parameter of this block that runs over channel groups; parameters not listed are copied as they are. */
    Map<Parameter, Axes> parameterAxes();

    /** A piece of a channel axis: one of the network's channel groups, or a fixed number of channels (an image's 3). */
    sealed interface Segment permits Group, Fixed {
    }

    /** The channels of group {@code index}, as many as the width gives it. */
    record Group(int index) implements Segment {
    }

    /** {@code channels} channels at every width. */
    record Fixed(int channels) implements Segment {
    }

    /**
     * One parameter's axes.
     *
     * @param axes  per array axis, the segments it concatenates, in order; an empty list for an axis that is the same
     *              at every width (a kernel's side)
     * @param fanIn the axis whose channels the weight reads, whose copies share its values; −1 for none (a bias, a
     *              normalisation's per-channel values)
     */
    record Axes(List<List<Segment>> axes, int fanIn) {

        public Axes {
            axes = List.copyOf(axes.stream().map(List::copyOf).toList());
            if (fanIn < -1 || fanIn >= axes.size()) {
                throw new IllegalArgumentException("fan-in axis " + fanIn + " of " + axes.size());
            }
        }

        /** A convolution's weight (out, in, k, k): it reads {@code in}. */
        public static Axes convolution(List<Segment> out, List<Segment> in) {
            return new Axes(List.of(out, in, List.of(), List.of()), 1);
        }

        /** A transposed convolution's weight (in, out, k, k): it reads {@code in}. */
        public static Axes transposedConvolution(List<Segment> in, List<Segment> out) {
            return new Axes(List.of(in, out, List.of(), List.of()), 0);
        }

        /** A one-dimensional per-channel parameter (a bias, batch norm's scale, shift and running statistics). */
        public static Axes perChannel(List<Segment> channels) {
            return new Axes(List.of(channels), -1);
        }
    }

    /** Every parameter of {@code block} (a convolution, a normalisation) given {@code axes}. */
    static Map<Parameter, Axes> each(Block block, Axes axes) {
        Map<Parameter, Axes> all = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            all.put(p.getValue(), axes);
        }
        return all;
    }

    /** The block under {@code root} (itself or a descendant, depth first) that knows its channel layout, if any. */
    static Optional<ChannelLayout> of(Block root) {
        if (root instanceof ChannelLayout layout) {
            return Optional.of(layout);
        }
        for (Block child : root.getChildren().values()) {
            Optional<ChannelLayout> found = of(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
