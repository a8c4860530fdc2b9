package org.inpaint.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * An exponential moving average of a block's parameters (Polyak averaging): after every update
 * {@code avg ← d·avg + (1 − d)·w}, with the decay ramped up as {@code min(d, (1 + t) / (10 + t))} so the early,
 * random weights are forgotten quickly. Evaluating and serving the average usually scores better than the last
 * weights at no extra training cost.
 */
public final class WeightAverage implements AutoCloseable {

    private final float decay;
    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager state;
    private final NDArray[] average;
    private long updates;

    public WeightAverage(NDManager parent, Block block, float decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.state = parent.newSubManager();
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.add(p.getValue());
        }
        this.average = new NDArray[parameters.size()];
        for (int i = 0; i < average.length; i++) {
            average[i] = parameters.get(i).getArray().duplicate();
            average[i].attach(state);
        }
    }

    /** Folds the current weights into the average; call after each optimiser step. */
    public void update() {
        updates++;
        float d = (float) Math.min(decay, (1.0 + updates) / (10.0 + updates));
        withoutGradients(() -> {
            try (NDManager scope = state.newSubManager()) {
                for (int i = 0; i < average.length; i++) {
                    NDArray w = parameters.get(i).getArray();
                    NDArray part = Scalars.mul(w, 1 - d);
                    part.attach(scope);
                    average[i].muli(d).addi(part);
                }
            }
        });
    }

    /**
     * Puts the averaged weights into the block until the returned handle is closed, which puts the trained weights
     * back: {@code try (var averaged = average.swapIn()) { evaluate(); }}.
     */
    public AutoCloseable swapIn() {
        NDArray[] trained = new NDArray[average.length];
        withoutGradients(() -> {
            for (int i = 0; i < average.length; i++) {
                NDArray w = parameters.get(i).getArray();
                trained[i] = w.duplicate();
                trained[i].attach(state);
                w.set(average[i].toByteBuffer());
            }
        });
        return () -> withoutGradients(() -> {
            for (int i = 0; i < average.length; i++) {
                parameters.get(i).getArray().set(trained[i].toByteBuffer());
                trained[i].close();
            }
        });
    }

    /**
     * Starts the average again from the block's current weights (a warm start from stored weights, which are
     * themselves an average), at the full decay: the ramp is for forgetting random weights, and these are not.
     */
    public void restartFromWeights() {
        withoutGradients(() -> {
            for (int i = 0; i < average.length; i++) {
                average[i].set(parameters.get(i).getArray().toByteBuffer());
            }
        });
        updates = (long) Math.ceil((10 * decay - 1) / (1 - decay));
    }

    public long updates() {
        return updates;
    }

    public void save(DataOutputStream out) throws IOException {
        out.writeLong(updates);
        out.writeInt(average.length);
        for (NDArray a : average) {
            ArrayStates.write(out, a);
        }
    }

    public void load(DataInputStream in) throws IOException {
        long saved = in.readLong();
        int count = in.readInt();
        if (count != average.length) {
            throw new IOException("weight average has " + count + " parameters, the network " + average.length);
        }
        for (NDArray a : average) {
            ArrayStates.read(in, a, state, "averaged parameter");
        }
        updates = saved;
    }

    private static void withoutGradients(Runnable r) {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            r.run();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
