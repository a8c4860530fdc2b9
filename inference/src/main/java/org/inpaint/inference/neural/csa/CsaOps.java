package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * {@link #instanceNorm}: instance normalisation (DJL has none) as one fused batch-norm call in training mode over the
 * (1, N·C, H, W) view, whose per-channel statistics are exactly the per-(sample, channel) ones.
 */
final class CsaOps {

    private CsaOps() {
    }

    /**
     * Instance normalisation of x (N, C, H, W) with per-channel scale and shift (C), biased variance, as PyTorch's
     * {@code InstanceNorm2d(affine=True)}.
     */
    static NDArray instanceNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        Shape s = x.getShape();
        long n = s.get(0);
        long nc = n * s.get(1);
        NDManager m = x.getManager();
        NDArray g = n == 1 ? gamma : NnOps.inScopeOf(gamma.tile(n), x);
        NDArray b = n == 1 ? beta : NnOps.inScopeOf(beta.tile(n), x);
        // The running statistics are throw-away buffers the fused call updates in place.
        NDArray runningMean = m.zeros(new Shape(nc), x.getDataType());
        NDArray runningVar = m.ones(new Shape(nc), x.getDataType());
        NDArray y = BatchNorm.batchNorm(x.reshape(1, nc, s.get(2), s.get(3)), runningMean, runningVar, g, b, 1, 0.1f, eps, true)
                .singletonOrThrow();
        return y.reshape(s);
    }
}
