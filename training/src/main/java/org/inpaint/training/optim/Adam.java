package org.inpaint.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * Adam (Kingma and Ba 2015) over one block's parameters, with its moments kept where they can be saved and
 * restored exactly: a resumed run continues with the same optimizer state. (DJL's own Adam keeps its state
 * private, so it cannot be checkpointed.)
 *
 * <p>Call {@link #step()} after a backward pass, outside the gradient collector; it applies the update and zeroes
 * the gradients, which PyTorch would otherwise accumulate into the next step.
 */
public final class Adam implements AutoCloseable {

    /** Learning rate and decay rates of the first and second moment estimates. */
    public record Settings(float learningRate, float beta1, float beta2, float epsilon) {

        public static Settings of(float learningRate, float beta1, float beta2) {
            return new Settings(learningRate, beta1, beta2, 1e-8f);
        }
    }

    private final Settings settings;
    private final List<String> names = new ArrayList<>();
    private final List<Parameter> parameters = new ArrayList<>();
    private final NDManager state;
    private final NDArray[] m;
    private final NDArray[] v;
    private long updates;
    private long skipped;
    private float learningRate;

    /** Makes every learnable parameter of the (initialised) blocks trainable and prepares zero moments. */
    public Adam(Settings settings, NDManager parent, Block... blocks) {
        this.settings = settings;
        this.learningRate = settings.learningRate();
        this.state = parent.newSubManager();
        for (int b = 0; b < blocks.length; b++) {
            for (Pair<String, Parameter> p : blocks[b].getParameters()) {
                if (!p.getValue().requiresGradient()) {
                    continue; // running statistics and frozen weights
                }
                names.add(b + "/" + p.getKey());
                parameters.add(p.getValue());
            }
        }
        rebind();
        this.m = new NDArray[parameters.size()];
        this.v = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            m[i] = state.zeros(parameters.get(i).getArray().getShape());
            v[i] = state.zeros(parameters.get(i).getArray().getShape());
        }
    }

    /**
     * Marks the parameters' current arrays as requiring gradients. DJL's {@code loadParameters} gives every
     * parameter a new array without a gradient, so {@link #load} calls this again; call it after loading weights
     * without optimizer state.
     */
    public void rebind() {
        for (Parameter p : parameters) {
            if (!p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The rate of the next updates, for a schedule (the settings' rate until set). */
    public void learningRate(float rate) {
        this.learningRate = rate;
    }

    /** How many updates have been applied (Adam's t). */
    public long updates() {
        return updates;
    }

    /** Updates refused because a gradient was not finite. */
    public long skipped() {
        return skipped;
    }

    /**
     * One update from the gradients accumulated since the last step, then the gradients are zeroed. When any
     * gradient holds a NaN or infinity the update is skipped (and counted): one bad batch must not poison the weights.
     *
     * @return whether the update was applied
     */
    public boolean step() {
        if (!gradientsFinite()) {
            skipped++;
            zeroGradients();
            return false;
        }
        updates++;
        float b1 = settings.beta1(), b2 = settings.beta2();
        double correction1 = 1 - Math.pow(b1, updates);
        double correction2 = 1 - Math.pow(b2, updates);
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        // a thread starts with PyTorch's grad mode on, and in-place updates of leaves are refused under it
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager scope = state.newSubManager()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray w = parameters.get(i).getArray();
                NDArray g = w.getGradient();
                g.attach(scope);
                m[i].muli(b1).addi(Scalars.mul(g, 1 - b1));
                v[i].muli(b2).addi(g.square().muli(1 - b2));
                NDArray denominator = v[i].sqrt();
                denominator.attach(scope);
                NDArray update = m[i].div(denominator.addi(settings.epsilon() * (float) Math.sqrt(correction2))).muli(stepSize);
                update.attach(scope);
                w.subi(update);
                JniUtils.zeroGrad((PtNDArray) w);
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return true;
    }

    private boolean gradientsFinite() {
        try (NDManager scope = state.newSubManager()) {
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                g.attach(scope);
                if (!Float.isFinite(g.sum().getFloat())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Zeroes the gradients without an update (for a backward pass whose gradients belong to another optimizer). */
    public void zeroGradients() {
        for (Parameter p : parameters) {
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
    }

    /** Writes the update count and both moments of every parameter, by name. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(updates);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            out.writeUTF(names.get(i));
            ArrayStates.write(out, m[i]);
            ArrayStates.write(out, v[i]);
        }
    }

    /** Restores what {@link #save} wrote (after the blocks' parameters were loaded); names and shapes must match. */
    public void load(DataInputStream in) throws IOException {
        long savedUpdates = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state has " + count + " parameters, the network " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (!name.equals(names.get(i))) {
                throw new IOException("optimizer state parameter " + i + " is " + name + ", expected " + names.get(i));
            }
            ArrayStates.read(in, m[i], state, "optimizer moment");
            ArrayStates.read(in, v[i], state, "optimizer moment");
        }
        updates = savedUpdates;
        rebind();
    }

    @Override
    public void close() {
        state.close();
    }
}
