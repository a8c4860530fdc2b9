package org.inpaint.inference.neural.ops;

/**
 * Whether the current thread's convolutions marked {@link Conv.Builder#byGemm()} take the exact path in training.
 *
 * <p>oneDNN's weight gradient for LBAM's mask convolutions comes out NaN in every element about once in a hundred
 * backward passes at 128 px and batch 2, while their inputs and output gradients are finite (measured: 1 of 100
 * fresh generators; 0 of 300 by im2col and a matrix product; 0 in 16,000 steps of the 256 px training runs). The
 * exact path costs LBAM 28 % of its fp32 and 39 % of its bf16 training throughput, so training runs oneDNN and
 * repeats a step whose gradient is not finite on the exact path; checks of the gradients themselves use it always.
 */
public final class ExactGradients {

    private static final ThreadLocal<Boolean> ON = ThreadLocal.withInitial(() -> false);

    private ExactGradients() {
    }

    public static boolean on() {
        return ON.get();
    }

    /** Turns the exact path on for the current thread until the scope is closed. */
    public static Precision.Scope enter() {
        boolean previous = ON.get();
        ON.set(true);
        return () -> ON.set(previous);
    }
}
