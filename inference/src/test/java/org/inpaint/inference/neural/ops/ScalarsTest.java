package org.inpaint.inference.neural.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass, then fresh direct buffers: the gradients of
 * {@link Scalars}' operations are exact, while DJL's own {@code Number} overloads read their freed constant.
 */
class ScalarsTest {

    private static final float[] X = {0.5f, 2, 3, 4};

    /** d/dx of op(x, c) summed, with a collection and buffer churn between forward and backward. */
    private static float[] gradientAfterACollection(BiFunction<NDArray, Float, NDArray> op, float c) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.create(X);
            x.setRequiresGradient(true);
            List<ByteBuffer> churn = new ArrayList<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = op.apply(x, c);
                for (int i = 0; i < 5; i++) {
                    System.gc();
                    Thread.sleep(40);
                }
                for (int i = 0; i < 10_000; i++) {
                    churn.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 12345f));
                }
                gc.backward(y.sum());
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void gradientsSurviveACollectionBetweenForwardAndBackward() throws Exception {
        assertArrayEquals(new float[] {3, 3, 3, 3}, gradientAfterACollection(Scalars::mul, 3f), 1e-6f);
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, gradientAfterACollection(Scalars::div, 4f), 1e-6f);
        assertArrayEquals(new float[] {0, 1, 1, 1}, gradientAfterACollection(Scalars::maximum, 1f), 1e-6f);
        assertArrayEquals(new float[] {1, 0, 0, 0}, gradientAfterACollection(Scalars::minimum, 1f), 1e-6f);
        assertArrayEquals(new float[] {1, 4, 6, 8}, gradientAfterACollection(Scalars::pow, 2f), 1e-5f);
    }

    /** The control: the same pressure does corrupt DJL's overload, so the test above measures something. */
    @Test
    void djlsNumberOverloadReadsItsFreedConstant() throws Exception {
        boolean corrupted = false;
        for (int attempt = 0; attempt < 5 && !corrupted; attempt++) {
            float[] g = gradientAfterACollection(NDArray::mul, 3f);
            corrupted = g[0] != 3f;
        }
        assertTrue(corrupted, "DJL's mul(Number) kept its constant alive through a collection: if DJL now holds it, "
                + "Scalars can go");
    }
}
