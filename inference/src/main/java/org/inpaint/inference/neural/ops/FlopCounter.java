package org.inpaint.inference.neural.ops;

import java.util.function.Supplier;

/**
 * Counts the multiply-add work of the convolutions and matrix products that go through {@link NnOps} on the
 * current thread (2 FLOP per multiply-add), so benchmarks can report GFLOP per image and GFLOP/s.
 */
public final class FlopCounter {

    private static final ThreadLocal<long[]> ACTIVE = new ThreadLocal<>();

    private FlopCounter() {
    }

    /** Runs {@code work} and returns the FLOP it performed through NnOps. */
    public static long count(Runnable work) {
        long[] previous = ACTIVE.get();
        long[] counter = new long[1];
        ACTIVE.set(counter);
        try {
            work.run();
        } finally {
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
                previous[0] += counter[0];
            }
        }
        return counter[0];
    }

    public static <T> T counting(long[] out, Supplier<T> work) {
        Object[] result = new Object[1];
        out[0] = count(() -> result[0] = work.get());
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    static void add(long flop) {
        long[] c = ACTIVE.get();
        if (c != null) {
            c[0] += flop;
        }
    }
}
