package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * A Wasserstein critic: strided convolutions with leaky ReLU (slope 0.2), flattened into one fully connected
 * output, for inputs of one fixed side. DeepFill's global and local critics and LBAM's discriminator are
 * instances with different layer plans.
 *
 * <p>The gradient penalty needs the critic's gradient with respect to its input, differentiated again with
 * respect to the weights. DJL offers no create-graph backward, so {@link #inputGradient} writes the backward pass
 * out as forward operations (transposed convolutions with the same weights, times the leaky ReLU's slopes). The
 * result is exact, and one ordinary backward through it gives the penalty's weight gradients.
 */
public final class WganCritic extends AbstractBlock {

    /** One convolution: output channels, square kernel, stride; padding {@code (kernel − 1) / 2}. */
    public record Layer(int channels, int kernel, int stride) {
    }

    private static final float SLOPE = 0.2f;

    private final int inChannels;
    private final int inputSize;
    private final List<Layer> plan;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final int[] sides;
    private final Parameter fcWeight;
    private final Parameter fcBias;

    public WganCritic(int inChannels, int inputSize, List<Layer> plan) {
        super((byte) 1);
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("a critic needs at least one layer");
        }
        this.inChannels = inChannels;
        this.inputSize = inputSize;
        this.plan = List.copyOf(plan);
        this.sides = new int[plan.size() + 1];
        sides[0] = inputSize;
        int channels = inChannels;
        for (int i = 0; i < plan.size(); i++) {
            Layer l = plan.get(i);
            weights.add(addParameter(Parameter.builder().setName("conv" + i + "_weight").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(l.channels(), channels, l.kernel(), l.kernel())).build()));
            biases.add(addParameter(Parameter.builder().setName("conv" + i + "_bias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(l.channels())).build()));
            sides[i + 1] = (sides[i] + 2 * padding(l) - l.kernel()) / l.stride() + 1;
            if (sides[i + 1] < 1) {
                throw new IllegalArgumentException("input side " + inputSize + " is too small for " + plan.size() + " layers");
            }
            channels = l.channels();
        }
        long flat = (long) channels * sides[plan.size()] * sides[plan.size()];
        this.fcWeight = addParameter(Parameter.builder().setName("fc_weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, flat)).build());
        this.fcBias = addParameter(Parameter.builder().setName("fc_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(1)).build());
    }

    /** DeepFill v1 global critic: K5S2C64-128-256-256, then FC (Yu et al. 2018, Appendix D). */
    public static WganCritic deepFillGlobal(int inputSize, double width) {
        return new WganCritic(3, inputSize, plan(width, 5, 2, 64, 128, 256, 256));
    }

    /** DeepFill v1 local critic on the hole's box: K5S2C64-128-256-512, then FC. */
    public static WganCritic deepFillLocal(int inputSize, double width) {
        return new WganCritic(3, inputSize, plan(width, 5, 2, 64, 128, 256, 512));
    }

    /**
     * LBAM's 7-layer discriminator (Xie et al. 2019; the plan is in their supplement, which we do not have): seven
     * K4S2 convolutions, 64-128-256-512-512-512-512 channels, then FC.
     */
    public static WganCritic lbam(int inputSize, double width) {
        return new WganCritic(3, inputSize, plan(width, 4, 2, 64, 128, 256, 512, 512, 512, 512));
    }

    /** A plan of equal kernels and strides with the given channels scaled by {@code width}. */
    public static List<Layer> plan(double width, int kernel, int stride, int... channels) {
        List<Layer> layers = new ArrayList<>();
        for (int c : channels) {
            layers.add(new Layer(Math.max(1, (int) Math.round(c * width)), kernel, stride));
        }
        return layers;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Scores (N, 1) for inputs (N, C, S, S). */
    public NDArray score(ParameterStore ps, NDArray x, boolean training) {
        return forward(ps, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        requireSize(x);
        for (int i = 0; i < plan.size(); i++) {
            x = leakyRelu(preActivation(ps, x, i, training));
        }
        return new NDList(linear(ps, x.reshape(x.getShape().get(0), -1), training));
    }

    /**
     * The gradient of the score with respect to the input, (N, C, S, S), as a differentiable function of the
     * weights.
     */
    public NDArray inputGradient(ParameterStore ps, NDArray x, boolean training) {
        requireSize(x);
        long n = x.getShape().get(0);
        List<NDArray> slopes = new ArrayList<>();
        NDArray h = x;
        for (int i = 0; i < plan.size(); i++) {
            NDArray z = preActivation(ps, h, i, training);
            slopes.add(z.gt(0).toType(DataType.FLOAT32, false).muli(1 - SLOPE).addi(SLOPE).stopGradient());
            h = leakyRelu(z);
        }
        Layer last = plan.get(plan.size() - 1);
        int side = sides[plan.size()];
        NDArray w = ps.getValue(fcWeight, x.getDevice(), training);
        NDArray g = NnOps.inScopeOf(w.reshape(1, last.channels(), side, side), x).repeat(0, n);
        for (int i = plan.size() - 1; i >= 0; i--) {
            g = g.mul(slopes.get(i));
            Layer l = plan.get(i);
            int pad = padding(l);
            int produced = (sides[i + 1] - 1) * l.stride() - 2 * pad + l.kernel();
            g = NnOps.conv2dTranspose(g, ps.getValue(weights.get(i), x.getDevice(), training), null,
                    l.stride(), pad, sides[i] - produced, 1);
        }
        return g;
    }

    /**
     * The WGAN-GP penalty {@code λ · E[(‖∇D(x̂) ⊙ m‖ − 1)²]} at random interpolates {@code x̂ = αr + (1−α)f}, with
     * the gradient restricted to hole pixels ({@code m} = 1), as in Yu et al. 2018, eq. (2).
     *
     * @param alpha (N, 1, 1, 1) interpolation weights in [0, 1]
     */
    public NDArray gradientPenalty(ParameterStore ps, NDArray real, NDArray fake, NDArray holes, NDArray alpha,
                                   float lambda) {
        NDArray interpolate = real.mul(alpha).add(fake.mul(alpha.neg().add(1)));
        NDArray g = inputGradient(ps, interpolate, true).mul(holes);
        NDArray norm = g.square().reshape(g.getShape().get(0), -1).sum(new int[] {1}).add(1e-12f).sqrt();
        return Scalars.mul(norm.sub(1).square().mean(), lambda);
    }

    private NDArray preActivation(ParameterStore ps, NDArray x, int i, boolean training) {
        Layer l = plan.get(i);
        return NnOps.conv2d(x, ps.getValue(weights.get(i), x.getDevice(), training),
                ps.getValue(biases.get(i), x.getDevice(), training), l.stride(), padding(l), 1, 1);
    }

    private static int padding(Layer l) {
        return (l.kernel() - 1) / 2;
    }

    private NDArray linear(ParameterStore ps, NDArray flat, boolean training) {
        NDArray w = ps.getValue(fcWeight, flat.getDevice(), training);
        NDArray b = ps.getValue(fcBias, flat.getDevice(), training);
        return flat.matMul(w.transpose()).add(b);
    }

    private static NDArray leakyRelu(NDArray z) {
        return z.maximum(Scalars.mul(z, SLOPE));
    }

    private void requireSize(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != inChannels || s.get(2) != inputSize || s.get(3) != inputSize) {
            throw new IllegalArgumentException("critic expects (N, " + inChannels + ", " + inputSize + ", " + inputSize + "), got " + s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters only, shapes fixed at construction
    }
}
