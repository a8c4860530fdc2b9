package org.inpaint.training.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/** Running a block in a test without a DJL Trainer. */
public final class Blocks {

    private Blocks() {
    }

    /** Initialises the block in {@code m} and makes every parameter collect gradients. */
    public static <B extends Block> B ready(B block, NDManager m, Shape... inputShapes) {
        block.initialize(m, DataType.FLOAT32, inputShapes);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {   // not batch-norm running statistics
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return block;
    }

    public static NDList run(Block block, NDArray... inputs) {
        return block.forward(new ParameterStore(inputs[0].getManager(), false), new NDList(inputs), true);
    }

    /** Σ|grad| over the block's trainable parameters (0 when none received a gradient). */
    public static double parameterGradientNorm(Block block) {
        double s = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                s += g.abs().sum().toType(DataType.FLOAT64, false).getDouble();
            }
        }
        return s;
    }
}
