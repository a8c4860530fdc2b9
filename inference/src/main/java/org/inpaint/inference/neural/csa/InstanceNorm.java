package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * Instance normalisation with a learned per-channel scale and shift, as PyTorch's
 * {@code InstanceNorm2d(c, affine=True)} (the authors' setting): each (sample, channel) plane is normalised by its
 * own mean and biased variance over H×W. DJL has no instance norm; see {@link NnOps#instanceNorm}.
 */
public final class InstanceNorm extends AbstractBlock {

    private static final float EPS = 1e-5f;

    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;

    public InstanceNorm(int channels) {
        super((byte) 1);
        this.channels = channels;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.get(1) != channels) {
            throw new IllegalArgumentException("instance norm over " + channels + " channels got " + s);
        }
        NDArray g = ps.getValue(gamma, x.getDevice(), training);
        NDArray b = ps.getValue(beta, x.getDevice(), training);
        return new NDList(NnOps.instanceNorm(x, g, b, EPS));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "InstanceNorm(" + channels + ")";
    }
}
