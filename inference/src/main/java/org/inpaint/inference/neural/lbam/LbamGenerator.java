package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.ops.ConvTranspose;

/**
 * The LBAM generator (Fig. 3): encoder layers 1–6 with forward attention maps driven by the known-pixel mask,
 * a plain encoder layer 7, decoder layers 8–13 with forward and reverse attention maps (the reverse maps driven
 * by the hole mask through their own chain of learnable mask convolutions), and a plain output layer 14
 * (transposed convolution, tanh). Every convolution is 4×4, stride 2, padding 1, without bias.
 *
 * <p>Input {@code NDList(masked image, hole mask)}, output {@code NDList(image in [-1, 1])}.
 */
final class LbamGenerator extends AbstractBlock implements ChannelLayout {

    static final int LEVELS = 6;

    private final ForwardAttention[] encoder = new ForwardAttention[LEVELS];
    private final PlainDown innermost;
    private final ReverseMaskConv[] reverse = new ReverseMaskConv[LEVELS];
    private final ReverseAttention[] decoder = new ReverseAttention[LEVELS];
    private final ConvTranspose output;
    private final int[] channels;
    private boolean exposeAttention;

    /** @param c the seven encoder output channel counts */
    LbamGenerator(int[] c) {
        super((byte) 1);
        if (c.length != LEVELS + 1) {
            throw new IllegalArgumentException("LBAM needs 7 encoder channel counts, got " + c.length);
        }
        channels = c.clone();
        for (int l = 0; l < LEVELS; l++) {
            int in = l == 0 ? 3 : c[l - 1];
            int maskIn = l == 0 ? 1 : c[l - 1];
            // No batch norm on the first layer, as in the authors' code and the pix2pix U-Net it builds on.
            encoder[l] = addChildBlock("enc" + (l + 1), new ForwardAttention(in, maskIn, c[l], l == 0, l > 0));
        }
        innermost = addChildBlock("enc7", new PlainDown(c[LEVELS - 1], c[LEVELS]));
        for (int l = 0; l < LEVELS; l++) {
            reverse[l] = addChildBlock("rev" + (l + 1), new ReverseMaskConv(l == 0 ? 1 : c[l - 1], c[l], l == 0));
        }
        for (int j = 0; j < LEVELS; j++) {
            int level = LEVELS - 1 - j;
            int in = j == 0 ? c[LEVELS] : 2 * c[level + 1];
            decoder[j] = addChildBlock("dec" + (j + 8), new ReverseAttention(in, c[level]));
        }
        output = addChildBlock("dec14", new ConvTranspose(2 * c[0], 3, 4, 2, 1, 0, false));
    }

    /** The seven encoder layers' output channels; decoder layer 8 + j writes group 5 − j twice over. */
    @Override
    public int[] channelGroups() {
        return channels.clone();
    }

    @Override
    public Map<Parameter, Axes> parameterAxes() {
        Map<Parameter, Axes> axes = new LinkedHashMap<>();
        for (int l = 0; l < LEVELS; l++) {
            List<Segment> in = l == 0 ? List.of(new Fixed(3)) : List.of(new Group(l - 1));
            List<Segment> maskIn = l == 0 ? List.of(new Fixed(1)) : List.of(new Group(l - 1));
            axes.putAll(encoder[l].axes(in, maskIn, List.of(new Group(l))));
            axes.putAll(reverse[l].axes(maskIn, List.of(new Group(l))));
        }
        axes.putAll(innermost.axes(List.of(new Group(LEVELS - 1)), List.of(new Group(LEVELS))));
        for (int j = 0; j < LEVELS; j++) {
            int level = LEVELS - 1 - j;
            List<Segment> in = j == 0 ? List.of(new Group(LEVELS)) : List.of(new Group(level + 1), new Group(level + 1));
            axes.putAll(decoder[j].axes(in, List.of(new Group(level))));
        }
        axes.put(output.getParameters().get("weight"),
                Axes.transposedConvolution(List.of(new Group(0), new Group(0)), List.of(new Fixed(3))));
        return axes;
    }

    /** For tests: also return the attention path's inputs, maps and updated masks as named arrays. */
    LbamGenerator exposeAttention(boolean on) {
        this.exposeAttention = on;
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray holes = inputs.get(1);
        // LBAM's M^in is 1 on known pixels and 0 in holes; our mask is 1 in holes.
        NDArray known = holes.neg().add(1);
        NDList probes = new NDList();

        NDArray[] skip = new NDArray[LEVELS];
        NDArray[] forwardMap = new NDArray[LEVELS];
        NDArray f = image;
        NDArray m = known;
        for (int l = 0; l < LEVELS; l++) {
            NDList o = encoder[l].forward(ps, new NDList(f, m), training);
            f = o.get(0);
            m = o.get(1);
            probe(probes, m, "forward_mask_" + (l + 1));
            skip[l] = o.get(2);
            forwardMap[l] = o.get(3);
        }
        f = innermost.forward(ps, new NDList(f), training).singletonOrThrow();

        // The reverse attention maps start from 1 - M^in, the hole indicator, at the input resolution.
        NDArray r = known.neg().add(1);
        probe(probes, r, "reverse_mask_input");
        NDArray[] reverseMap = new NDArray[LEVELS];
        for (int l = 0; l < LEVELS; l++) {
            NDList o = reverse[l].forward(ps, new NDList(r), training);
            reverseMap[l] = o.get(0);
            r = o.get(1);
            probe(probes, reverseMap[l], "reverse_map_" + (l + 1));
            probe(probes, r, "reverse_mask_" + (l + 1));
            probe(probes, forwardMap[l], "forward_map_" + (l + 1));
        }

        NDArray d = f;
        for (int j = 0; j < LEVELS; j++) {
            int level = LEVELS - 1 - j;
            d = decoder[j].forward(ps, new NDList(skip[level], d, forwardMap[level], reverseMap[level]), training)
                    .singletonOrThrow();
        }
        NDArray y = Activation.tanh(output.forward(ps, new NDList(d), training).singletonOrThrow());
        NDList result = new NDList(y);
        result.addAll(probes);
        return result;
    }

    private void probe(NDList probes, NDArray a, String name) {
        if (exposeAttention) {
            a.setName(name);
            probes.add(a);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 3, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape f = inputShapes[0];
        Shape m = inputShapes[1];
        Shape[] skip = new Shape[LEVELS];
        for (int l = 0; l < LEVELS; l++) {
            encoder[l].initialize(manager, dataType, f, m);
            reverse[l].initialize(manager, dataType, m);
            Shape[] o = encoder[l].getOutputShapes(new Shape[] {f, m});
            f = o[0];
            m = o[1];
            skip[l] = o[2];
        }
        innermost.initialize(manager, dataType, f);
        Shape d = innermost.getOutputShapes(new Shape[] {f})[0];
        for (int j = 0; j < LEVELS; j++) {
            int level = LEVELS - 1 - j;
            Shape[] in = {skip[level], d, skip[level], skip[level]};
            decoder[j].initialize(manager, dataType, in);
            d = decoder[j].getOutputShapes(in)[0];
        }
        output.initialize(manager, dataType, d);
    }
}
