package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The attention-map activation g_A of Eq. (9), an asymmetric Gaussian with four learnable scalars:
 * {@code a·exp(-γl (x-μ)²)} for x &lt; μ, {@code 1 + (a-1)·exp(-γr (x-μ)²)} otherwise; initialised a = 1.1,
 * μ = 2, γl = γr = 1 as in the paper.
 */
final class AsymmetricGaussian extends AbstractBlock {

    static final float A0 = 1.1f;
    static final float MU0 = 2.0f;
    static final float GAMMA_L0 = 1.0f;
    static final float GAMMA_R0 = 1.0f;

    private final Parameter a;
    private final Parameter mu;
    private final Parameter gammaL;
    private final Parameter gammaR;

    AsymmetricGaussian() {
        super((byte) 1);
        a = addParameter(scalar("a", A0));
        mu = addParameter(scalar("mu", MU0));
        gammaL = addParameter(scalar("gamma_l", GAMMA_L0));
        gammaR = addParameter(scalar("gamma_r", GAMMA_R0));
    }

    private static Parameter scalar(String name, float initial) {
        // Type OTHER with its own initialiser, so no weight initialiser set on the network can overwrite it.
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(1))
                .optInitializer(new ConstantInitializer(initial)).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        // The authors' code clamps the four scalars to these ranges before every use (a ∈ [1.01, 6], μ ∈ [0.1, 3],
        // γ ∈ [0.5, 2]) to keep g_A a bounded bump. We clamp the value used but pass the gradient straight through,
        // so a scalar pushed past a bound can still be pulled back.
        NDManager scope = x.getManager();
        NDArray av = clamp(ps.getValue(a, x.getDevice(), training), 1.01f, 6f, scope);
        NDArray muv = clamp(ps.getValue(mu, x.getDevice(), training), 0.1f, 3f, scope);
        NDArray gl = clamp(ps.getValue(gammaL, x.getDevice(), training), 0.5f, 2f, scope);
        NDArray gr = clamp(ps.getValue(gammaR, x.getDevice(), training), 0.5f, 2f, scope);
        return new NDList(apply(x, av, muv, gl, gr));
    }

    /** Eq. (9) for given parameter values (scalars of shape (1), broadcast over x). */
    static NDArray apply(NDArray x, NDArray a, NDArray mu, NDArray gammaL, NDArray gammaR) {
        NDArray d2 = x.sub(mu).square();
        NDArray left = d2.mul(gammaL).neg().exp().mul(a);
        NDArray right = d2.mul(gammaR).neg().exp().mul(a.sub(1)).add(1);
        return NDArrays.where(x.lt(mu), left, right);
    }

    private static NDArray clamp(NDArray p, float lo, float hi, NDManager scope) {
        // Start from an array of the caller's scope: results join their first operand's manager, and p lives in the
        // model's, where per-forward temporaries would accumulate.
        NDArray v = scope.zeros(p.getShape(), p.getDataType()).add(p);
        return v.add(v.clip(lo, hi).sub(v).stopGradient());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
