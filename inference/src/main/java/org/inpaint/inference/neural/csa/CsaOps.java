package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * Faster exact reformulations of operations the CSA networks use heavily; candidates for the shared ops package.
 *
 * <p>{@link #convTranspose4x4s2}: the 4×4, stride-2, padding-1 transposed convolution. {@link NnOps#conv2dTranspose}
 * runs it as a convolution over the zero-inserted input, 16 taps at 4× the input positions; here each of the 4 output
 * phases is a 2×2 convolution of the input, all four in one convolution call, then interleaved: 4× less arithmetic
 * and no zero-inserted copy.
 *
 * <p>{@link #convTranspose3x3s1} is the stride-1 case, kept here because the shared
 * {@link NnOps#conv2dTranspose} leaves its per-call flipped kernel in the weight's (the model's) NDManager.
 *
 * <p>{@link #instanceNorm}: instance normalisation as one fused batch-norm call in training mode over the
 * (1, N·C, H, W) view, whose per-channel statistics are exactly the per-(sample, channel) ones.
 */
final class CsaOps {

    private CsaOps() {
    }

    /**
     * Transposed convolution, PyTorch semantics, kernel 4, stride 2, padding 1: x (N, Cin, H, W), weight
     * (Cin, Cout, 4, 4), optional bias (Cout) -> (N, Cout, 2H, 2W).
     */
    static NDArray convTranspose4x4s2(NDArray x, NDArray weight, NDArray bias) {
        Shape ws = weight.getShape();
        if (ws.get(2) != 4 || ws.get(3) != 4) {
            throw new IllegalArgumentException("4×4 kernels only, got " + ws);
        }
        long cin = ws.get(0);
        long cout = ws.get(1);
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        // Output row 2a+r takes input rows a-1+r+u (u = 0, 1) with kernel row 3-r-2u, i.e. flipped row r+2u; the same for
        // columns. Phase kernels: (r, s, Cout, Cin, u, v) from the flipped weight (Cin, Cout, u, r, v, s).
        NDArray k = inScope(weight.flip(2, 3), x).reshape(cin, cout, 2, 2, 2, 2).transpose(3, 5, 1, 0, 2, 4).reshape(4 * cout, cin, 2, 2);
        NDArray y = NnOps.conv2d(x, k, null, 1, 1, 1, 1).reshape(n, 2, 2, cout, h + 1, w + 1);
        NDList rows = new NDList(2);
        for (int r = 0; r < 2; r++) {
            NDList cols = new NDList(2);
            for (int c = 0; c < 2; c++) {
                cols.add(y.get(new NDIndex(":, {}, {}, :, {}:{}, {}:{}", r, c, r, r + h, c, c + w)));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        NDArray out = NDArrays.stack(rows, 3).reshape(n, cout, 2 * h, 2 * w);
        return bias == null ? out : out.add(inScope(bias.reshape(1, cout, 1, 1), x));
    }

    /**
     * Transposed convolution, kernel 3, stride 1, padding 1: the convolution with the flipped, transposed kernel.
     * x (N, Cin, H, W), weight (Cin, Cout, 3, 3), optional bias (Cout) -> (N, Cout, H, W).
     */
    static NDArray convTranspose3x3s1(NDArray x, NDArray weight, NDArray bias) {
        Shape ws = weight.getShape();
        if (ws.get(2) != 3 || ws.get(3) != 3) {
            throw new IllegalArgumentException("3×3 kernels only, got " + ws);
        }
        NDArray k = inScope(weight.flip(2, 3), x).transpose(1, 0, 2, 3);
        return NnOps.conv2d(x, k, bias, 1, 1, 1, 1);
    }

    /**
     * Moves an array derived from a parameter into the input's NDManager. An operation's result belongs to its first
     * operand's manager, so a kernel rearranged from a parameter would otherwise pile up in the model's manager, one
     * copy per forward, until the model is closed.
     */
    static NDArray inScope(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
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
        NDArray g = n == 1 ? gamma : inScope(gamma.tile(n), x);
        NDArray b = n == 1 ? beta : inScope(beta.tile(n), x);
        // The running statistics are throw-away buffers the fused call updates in place.
        NDArray runningMean = m.zeros(new Shape(nc), x.getDataType());
        NDArray runningVar = m.ones(new Shape(nc), x.getDataType());
        NDArray y = BatchNorm.batchNorm(x.reshape(1, nc, s.get(2), s.get(3)), runningMean, runningVar, g, b, 1, 0.1f, eps, true)
                .singletonOrThrow();
        return y.reshape(s);
    }
}
