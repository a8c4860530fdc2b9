package org.inpaint.inference.neural.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Multiplication, division, maximum, minimum and power by a constant, safe to differentiate.
 *
 * <p>DJL's {@code Number} overloads of these ({@code x.mul(3f)} …) wrap the constant in a tensor over a direct
 * {@code ByteBuffer} ({@code torch::from_blob}: memory the JVM owns, held only by that Java array object) and close it
 * at once. Autograd keeps the constant to compute the gradient, so when a garbage collection frees the buffer between
 * the forward and the backward pass, the gradient is read from freed memory: {@code x.mul(3f)} then has a gradient of
 * 1.8e-19 instead of 3 ({@code ScalarsTest}). In training that is a step whose gradient is scaled by garbage, at random.
 * Here the constant is a tensor PyTorch allocates ({@code full}), which autograd's own reference keeps alive.
 *
 * <p>In-place updates outside autograd (optimizer state, masks) may use DJL's overloads: nothing keeps their constant.
 */
public final class Scalars {

    private Scalars() {
    }

    public static NDArray mul(NDArray x, float v) {
        return with(x, v, NDArray::mul);
    }

    public static NDArray div(NDArray x, float v) {
        return with(x, v, NDArray::div);
    }

    public static NDArray maximum(NDArray x, float v) {
        return with(x, v, NDArray::maximum);
    }

    public static NDArray minimum(NDArray x, float v) {
        return with(x, v, NDArray::minimum);
    }

    public static NDArray pow(NDArray x, float v) {
        return with(x, v, NDArray::pow);
    }

    private static NDArray with(NDArray x, float v, BinaryOperator<NDArray> op) {
        try (NDArray constant = x.getManager().full(new Shape(), v, x.getDataType())) {
            return op.apply(x, constant);
        }
    }
}
