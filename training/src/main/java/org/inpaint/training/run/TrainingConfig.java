package org.inpaint.training.run;

import java.nio.file.Path;
import org.inpaint.core.InpaintException;

/**
 * What a training run does.
 *
 * @param data            the dataset directory (searched recursively)
 * @param val             a separate validation directory, or null to split {@code data} by {@code valFraction}
 * @param out             the run directory: checkpoints, metrics.jsonl, plots, samples, manifest
 * @param maxScale        crops take a side in [size, size · maxScale] of the photo before resizing to size
 * @param criticSteps     critic updates per generator update for the WGAN objectives (5 in the papers)
 * @param checkpointEvery steps between checkpoints (each one also measures the validation set)
 * @param sampleEvery     steps between sample grids and plot updates
 * @param keepLast        how many recent checkpoints to keep besides the best
 * @param valImages       at most this many validation photos are measured
 */
public record TrainingConfig(String model, Path data, Path val, double valFraction, Path out, int size, double width,
                             int batch, long steps, long seed, double maxScale, int criticSteps, int checkpointEvery,
                             int sampleEvery, int keepLast, int valImages, boolean resume) {

    public TrainingConfig {
        require(model != null && !model.isBlank(), "model", "is required");
        require(data != null, "data", "is required");
        require(out != null, "out", "is required");
        require(size >= 32 && size <= 1024, "size", "must be in [32, 1024], got " + size);
        require(width > 0 && width <= 2, "width", "must be in (0, 2], got " + width);
        require(batch >= 1 && batch <= 256, "batch", "must be in [1, 256], got " + batch);
        require(steps >= 1, "steps", "must be at least 1, got " + steps);
        require(valFraction >= 0 && valFraction < 1, "valFraction", "must be in [0, 1), got " + valFraction);
        require(maxScale >= 1 && maxScale <= 4, "maxScale", "must be in [1, 4], got " + maxScale);
        require(criticSteps >= 0 && criticSteps <= 20, "criticSteps", "must be in [0, 20], got " + criticSteps);
        require(checkpointEvery >= 1, "checkpointEvery", "must be at least 1");
        require(sampleEvery >= 1, "sampleEvery", "must be at least 1");
        require(keepLast >= 1, "keepLast", "must be at least 1");
        require(valImages >= 0, "valImages", "must not be negative");
    }

    /** Defaults for everything but the essentials. */
    public static TrainingConfig of(String model, Path data, Path out, int size, long steps) {
        return new TrainingConfig(model, data, null, 0.1, out, size, 1.0, 8, steps, 1, 1.5, 5,
                (int) Math.max(1, Math.min(500, steps / 4)), (int) Math.max(1, Math.min(100, steps / 10)), 3, 16, false);
    }

    public TrainingConfig withWidth(double w) {
        return new TrainingConfig(model, data, val, valFraction, out, size, w, batch, steps, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, b, steps, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    public TrainingConfig withResume(boolean r) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, r);
    }

    public TrainingConfig withSteps(long s) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, s, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    public TrainingConfig withSchedule(int checkpointEvery, int sampleEvery) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    public TrainingConfig withCriticSteps(int n) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, seed, maxScale, n,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    public TrainingConfig withValidation(Path dir, int images) {
        return new TrainingConfig(model, data, dir, valFraction, out, size, width, batch, steps, seed, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, images, resume);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, s, maxScale, criticSteps,
                checkpointEvery, sampleEvery, keepLast, valImages, resume);
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, message);
        }
    }
}
