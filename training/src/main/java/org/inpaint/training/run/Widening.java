package org.inpaint.training.run;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.ChannelLayout.Axes;
import org.inpaint.inference.neural.ChannelLayout.Fixed;
import org.inpaint.inference.neural.ChannelLayout.Group;
import org.inpaint.inference.neural.ChannelLayout.Segment;

/**
 * Carries a trained network into a wider one of the same kind that computes the same function (function-preserving
 * widening, as in Net2Net, Chen et al. 2016), so a run at a new width begins where a committed narrower version
 * ended instead of from random weights. Each group of c channels that the wider network has c' of (c ≤ c' ≤ 2c)
 * keeps its c channels and adds copies of its first c' − c; every weight that reads a copied channel is split
 * between the channel and its copy, (½ + ε) and (½ − ε) with ε drawn in ±{@value #SPLIT_NOISE} per weight, which
 * sums to the weight it was: the copies compute the same values, so the network's output does not change, and the
 * unequal split gives them different gradients, so training pulls them apart.
 */
public final class Widening {

    /** The largest ε by which a split weight departs from halves. */
    static final float SPLIT_NOISE = 0.1f;

    private Widening() {
    }

    /**
     * Sets {@code wide}'s parameters (initialised, of the same network as {@code narrow}) from {@code narrow}'s.
     *
     * @throws InpaintException naming {@code initFrom} when the network cannot be widened, or not to these widths
     */
    public static void widen(Block narrow, Block wide, Random random) {
        ChannelLayout from = ChannelLayout.of(narrow).orElseThrow(() -> InpaintException.badInput("initFrom",
                "this network has no channel layout, so a version of it cannot start a wider run; warm-start at its own width"));
        ChannelLayout to = ChannelLayout.of(wide).orElseThrow(() -> new IllegalArgumentException("a different network"));
        int[] c = from.channelGroups();
        int[] w = to.channelGroups();
        for (int k = 0; k < c.length; k++) {
            if (c.length != w.length || w[k] < c[k] || w[k] > 2 * c[k]) {
                throw InpaintException.badInput("initFrom", "channels " + Arrays.toString(c) + " can widen to at most twice "
                        + "as many per group and not fewer, got " + Arrays.toString(w));
            }
        }
        Map<Parameter, Axes> layout = to.parameterAxes();
        PairList<String, Parameter> sources = narrow.getParameters();
        PairList<String, Parameter> targets = wide.getParameters();
        if (!sources.keys().equals(targets.keys())) {
            throw new IllegalArgumentException("not the same network: " + sources.keys() + " against " + targets.keys());
        }
        for (int i = 0; i < sources.size(); i++) {
            NDArray source = sources.get(i).getValue().getArray();
            NDArray target = targets.get(i).getValue().getArray();
            Axes axes = layout.get(targets.get(i).getValue());
            long[] narrowShape = source.getShape().getShape();
            long[] wideShape = target.getShape().getShape();
            float[] values = source.toFloatArray();
            if (axes == null) {
                if (!Arrays.equals(narrowShape, wideShape)) {
                    throw new IllegalStateException(sources.get(i).getKey() + " changes shape with the width but has no layout");
                }
                target.set(FloatBuffer.wrap(values));
            } else {
                target.set(FloatBuffer.wrap(widened(values, narrowShape, wideShape, axes, c, w, random,
                        sources.get(i).getKey())));
            }
        }
    }

    /** Where each index of one wide axis comes from. */
    private record AxisMap(int[] source, int[] original, boolean[] split) {
    }

    static float[] widened(float[] values, long[] narrowShape, long[] wideShape, Axes axes, int[] c, int[] w,
                           Random random, String name) {
        int rank = wideShape.length;
        if (narrowShape.length != rank || axes.axes().size() != rank) {
            throw new IllegalStateException(name + ": layout of " + axes.axes().size() + " axes for an array of " + rank);
        }
        AxisMap[] maps = new AxisMap[rank];
        for (int a = 0; a < rank; a++) {
            maps[a] = axisMap(axes.axes().get(a), (int) narrowShape[a], (int) wideShape[a], c, w, name);
        }
        int[] wideStride = strides(wideShape);
        int[] narrowStride = strides(narrowShape);
        int size = Math.toIntExact(Arrays.stream(wideShape).reduce(1, Math::multiplyExact));
        float[] noise = new float[size];
        for (int e = 0; e < size; e++) {
            noise[e] = (random.nextFloat() * 2 - 1) * SPLIT_NOISE;
        }
        float[] out = new float[size];
        int fanIn = axes.fanIn();
        for (int e = 0; e < size; e++) {
            int from = 0;
            int rest = e;
            int fanInIndex = -1;
            for (int a = 0; a < rank; a++) {
                int index = rest / wideStride[a];
                rest -= index * wideStride[a];
                from += maps[a].source()[index] * narrowStride[a];
                if (a == fanIn) {
                    fanInIndex = index;
                }
            }
            float share = 1f;
            if (fanIn >= 0 && maps[fanIn].split()[fanInIndex]) {
                int original = maps[fanIn].original()[fanInIndex];
                share = original == fanInIndex ? 0.5f + noise[e] : 0.5f - noise[e + (original - fanInIndex) * wideStride[fanIn]];
            }
            out[e] = values[from] * share;
        }
        return out;
    }

    private static AxisMap axisMap(List<Segment> segments, int narrowSize, int wideSize, int[] c, int[] w, String name) {
        int[] source = new int[wideSize];
        int[] original = new int[wideSize];
        boolean[] split = new boolean[wideSize];
        if (segments.isEmpty()) {
            if (narrowSize != wideSize) {
                throw new IllegalStateException(name + ": an axis without channels changed size, " + narrowSize + " to " + wideSize);
            }
            for (int i = 0; i < wideSize; i++) {
                source[i] = i;
                original[i] = i;
            }
            return new AxisMap(source, original, split);
        }
        int narrowAt = 0;
        int wideAt = 0;
        for (Segment segment : segments) {
            int n = segment instanceof Group g ? c[g.index()] : ((Fixed) segment).channels();
            int m = segment instanceof Group g ? w[g.index()] : n;
            for (int t = 0; t < m; t++) {
                int kept = t < n ? t : t - n;
                source[wideAt + t] = narrowAt + kept;
                original[wideAt + t] = wideAt + kept;
                split[wideAt + t] = kept < m - n;
            }
            narrowAt += n;
            wideAt += m;
        }
        if (narrowAt != narrowSize || wideAt != wideSize) {
            throw new IllegalStateException(name + ": layout gives " + narrowAt + " → " + wideAt + " channels, the arrays have "
                    + narrowSize + " → " + wideSize);
        }
        return new AxisMap(source, original, split);
    }

    private static int[] strides(long[] shape) {
        int[] stride = new int[shape.length];
        int s = 1;
        for (int a = shape.length - 1; a >= 0; a--) {
            stride[a] = s;
            s = Math.multiplyExact(s, (int) shape[a]);
        }
        return stride;
    }
}
