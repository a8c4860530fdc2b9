package org.inpaint.training.run;

import ai.djl.nn.Block;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.masks.MaskSampler;

/**
 * One paper's training objective around its generator: the losses, any critics, and the optimizers of all of
 * them. The trainer owns the loop, data, checkpoints and reporting; an objective owns what one step does.
 */
public interface Objective extends AutoCloseable {

    /** The generator being trained (already initialised for the run's input size). */
    Block generator();

    /** The hole masks this paper trains with. */
    MaskSampler masks();

    /**
     * How many batches one step consumes: step {@code s} reads batches {@code s·n … s·n+n−1} from the source (a
     * WGAN objective reads one per critic iteration and one for the generator).
     */
    int batchesPerStep();

    /** Runs one optimisation step and returns each loss term by name (plain numbers, already on the heap). */
    Map<String, Float> step(long step, BatchSource source);

    /** Writes everything besides the generator's weights that a resumed run needs: critics and optimizer states. */
    void saveState(DataOutputStream out) throws IOException;

    void loadState(DataInputStream in) throws IOException;

    /** Whether this objective keeps an average of the generator's weights besides the trained weights themselves. */
    default boolean averagesWeights() {
        return false;
    }

    /**
     * Puts the average of the generator's weights into it until the handle is closed, which puts the trained weights
     * back; only for an objective that {@link #averagesWeights() keeps one}.
     */
    default AutoCloseable averagedWeights() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no average of its weights");
    }

    /**
     * The generator's weights were just set from outside (a warm start from a stored version, before the first
     * step): whatever this objective derived from its initial weights starts again from them, and its optimizer
     * takes the new arrays.
     */
    default void weightsLoaded() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot start from stored weights");
    }

    /** Lines for the model card: where this objective departs from its paper, and why. */
    java.util.List<String> deviations();

    @Override
    void close();
}
