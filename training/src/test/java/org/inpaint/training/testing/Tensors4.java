package org.inpaint.training.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/** Small helpers for the loss tests: seeded arrays, 4-D indexing into flat NCHW arrays, relative comparison. */
public final class Tensors4 {

    private Tensors4() {
    }

    public static float[] uniform(SplittableRandom random, int size, double lo, double hi) {
        float[] a = new float[size];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return a;
    }

    public static NDArray array(NDManager m, float[] data, long... shape) {
        return m.create(data, new Shape(shape));
    }

    /** Flat index of (n, c, y, x) in an NCHW array of shape (·, channels, height, width). */
    public static int at(int n, int c, int y, int x, int channels, int height, int width) {
        return ((n * channels + c) * height + y) * width + x;
    }

    /** |actual - expected| within 1e-5 relative (with a 1e-7 absolute floor for values near zero). */
    public static void assertClose(double expected, double actual, String what) {
        double tol = Math.max(1e-5 * Math.abs(expected), 1e-7);
        assertEquals(expected, actual, tol, what);
    }
}
