package org.inpaint.inference.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.util.regex.Pattern;

/**
 * A paper's generator turned into a residual over a classical prefill (beyond the papers): the input image carries
 * the prefill in its holes instead of zeros, and the output is {@code clip(prefill + network(prefill, mask))}. The
 * network's output layer starts at zero, so before training the block returns the prefill exactly and every step
 * of training starts from the diffusion floor.
 *
 * <p>The wrapper has no parameters of its own: its parameter stream is the wrapped network's, in the same order.
 */
public final class PrefilledResidual extends AbstractBlock {

    private final Block network;
    private final Pattern outputLayer;

    /**
     * @param outputLayer the names of the network's last image layer's parameters, as {@link Block#getParameters}
     *                    spells them; they are zeroed on initialisation
     */
    public PrefilledResidual(Block network, Pattern outputLayer) {
        super((byte) 1);
        this.network = addChildBlock("net", network);
        this.outputLayer = outputLayer;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray prefilled = inputs.get(0);
        NDList out = network.forward(ps, inputs, training, params);
        NDList result = new NDList(prefilled.add(out.get(0)).clip(-1f, 1f));
        result.addAll(out.subNDList(1));
        return result;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        network.initialize(manager, dataType, inputShapes);
        int zeroed = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (outputLayer.matcher(p.getKey()).matches()) {
                NDArray a = p.getValue().getArray();
                a.set(java.nio.FloatBuffer.wrap(new float[Math.toIntExact(a.size())])); // a copy, outside autograd
                zeroed++;
            }
        }
        if (zeroed == 0) {
            throw new IllegalStateException("no parameter of the network matches its output layer " + outputLayer);
        }
    }

    /** The wrapped network. */
    public Block network() {
        return network;
    }
}
