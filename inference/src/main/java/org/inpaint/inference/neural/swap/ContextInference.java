package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.ops.Conv;

/**
 * The Context Inference Module (CIM) at the bottleneck, which "initially completes" the deepest encoder feature
 * before decoding. The paper only cites the contextual inference of its predecessors (SGE-Net, CISI-Net); we build
 * it the way those describe latent completion: residual blocks whose first convolution is dilated, the rates
 * growing (1, 2, 4, 8) so that the last block sees the whole 16×16 bottleneck of a 256² input.
 */
final class ContextInference extends AbstractBlock {

    static final int[] RATES = {1, 2, 4, 8};

    private final Conv[] dilated = new Conv[RATES.length];
    private final Conv[] plain = new Conv[RATES.length];

    ContextInference(int channels) {
        super((byte) 1);
        for (int i = 0; i < RATES.length; i++) {
            dilated[i] = addChildBlock("res" + i + "_dilated", Conv.builder(channels, channels, 3).dilation(RATES[i]).build());
            plain[i] = addChildBlock("res" + i + "_plain", Conv.builder(channels, channels, 3).build());
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        for (int i = 0; i < RATES.length; i++) {
            NDArray h = Activation.leakyRelu(dilated[i].forward(ps, new NDList(x), training).singletonOrThrow(), EncoderStage.SLOPE);
            x = plain[i].forward(ps, new NDList(h), training).singletonOrThrow().addi(x);
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < RATES.length; i++) {
            dilated[i].initialize(manager, dataType, inputShapes[0]);
            plain[i].initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
