package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.ChannelLayout;
import org.inpaint.inference.neural.ops.ConvTranspose;

/**
 * A decoder layer with bidirectional attention (Eq. 12): the encoder term (W_e^T F_e^in) ⊙ g_A(M_e^c), i.e. the
 * mirrored encoder layer's convolution re-weighted by its forward map, joined with the decoder term
 * (W_d^T F_d^in) ⊙ g_A(M_d^c), the 4×4 stride-2 transposed convolution of the previous decoder feature re-weighted by
 * the reverse map; then batch norm and leaky ReLU 0.2.
 *
 * <p>Eq. (12) writes the join as a sum, but the text says the encoder feature "will be concatenated" with the decoder
 * feature (the U-Net skip) and the authors' code concatenates the two re-weighted halves (batch norm over 2C
 * channels); we concatenate, so this layer outputs 2C channels.
 *
 * <p>Input {@code NDList(F^conv of the encoder layer, previous decoder feature, forward map, reverse map)}.
 */
final class ReverseAttention extends AbstractBlock {

    private final ConvTranspose up;
    private final BatchNorm norm;
    private final int out;

    ReverseAttention(int in, int out) {
        super((byte) 1);
        this.out = out;
        up = addChildBlock("deconv", new ConvTranspose(in, out, 4, 2, 1, 0, false));
        norm = addChildBlock("bn", BatchNorm.builder().build());
    }

    /**
     * The layout of this layer's weights: it reads {@code in} and writes {@code out} twice over, the encoder term's
     * channels then the decoder term's.
     */
    Map<Parameter, ChannelLayout.Axes> axes(List<ChannelLayout.Segment> in, List<ChannelLayout.Segment> out) {
        Map<Parameter, ChannelLayout.Axes> axes = new LinkedHashMap<>();
        axes.put(up.getParameters().get("weight"), ChannelLayout.Axes.transposedConvolution(in, out));
        List<ChannelLayout.Segment> joined = new ArrayList<>(out);
        joined.addAll(out);
        axes.putAll(ChannelLayout.each(norm, ChannelLayout.Axes.perChannel(joined)));
        return axes;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray encoderTerm = inputs.get(0).mul(inputs.get(2));
        NDArray decoderTerm = up.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow().mul(inputs.get(3));
        NDArray x = NDArrays.concat(new NDList(encoderTerm, decoderTerm), 1);
        x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(Activation.leakyRelu(x, 0.2f));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 2L * out, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        up.initialize(manager, dataType, inputShapes[1]);
        norm.initialize(manager, dataType, getOutputShapes(inputShapes)[0]);
    }
}
