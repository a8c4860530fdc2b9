package org.inpaint.inference.neural.ops;

import org.inpaint.core.InpaintException;
import org.inpaint.core.Labels;

/**
 * The arithmetic the convolutions of the current thread run in. {@link #BF16} is an autocast limited to the
 * convolutions: their input, weight and bias are cast to bfloat16, oneDNN runs its AVX-512 BF16 kernels (where the CPU has them:
 * {@link #isNativeOn}), and the
 * output is cast back to float32, so weights, optimiser state, activations, normalisation, softmax and losses stay
 * float32. Both casts keep the autograd graph; the weight gradient arrives in float32.
 *
 * <p>{@link #EXACT} is float32 with every convolution, forward and backward, by im2col and a matrix product
 * ({@code thnn_conv2d}, {@code slow_conv_dilated2d}) instead of oneDNN: slower, but the same inputs give the same bits
 * in every process. oneDNN does not promise that: a training step run again in a fresh process now and then differs
 * in the last bits of a weight gradient (see docs/reliability.md, "Training killed with SIGKILL").
 */
public enum Precision {
    FP32,
    BF16,
    EXACT;

    private static final ThreadLocal<Precision> CURRENT = ThreadLocal.withInitial(() -> FP32);

    /** The precision of the current thread's convolutions. */
    public static Precision current() {
        return CURRENT.get();
    }

    /** Sets this precision on the current thread until the scope is closed, which restores the previous one. */
    public Scope enter() {
        Precision previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /**
     * Whether {@code cpu} runs this precision's arithmetic in hardware: bf16 needs {@link CpuFeatures#bf16()}, and is
     * emulated, many times slower than fp32, without it; fp32 and exact always do.
     */
    public boolean isNativeOn(CpuFeatures cpu) {
        return this != BF16 || cpu.bf16();
    }

    /** "fp32" or "bf16", as flags and cards spell it. */
    public String label() {
        return Labels.of(this);
    }

    /**
     * The precision named {@code label} (case-insensitive; null or blank is fp32).
     *
     * @throws InpaintException BAD_INPUT naming {@code field} and the choices
     */
    public static Precision of(String label, String field) {
        return Labels.parse(Precision.class, label, FP32, field, "precision");
    }

    /** Restores the previous precision; closing never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
