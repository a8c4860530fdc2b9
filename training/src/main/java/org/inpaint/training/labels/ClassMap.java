package org.inpaint.training.labels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A per-pixel class map: hard labels (row-major, H·W) and the class shares they were voted from (K planes of H·W,
 * summing to 1 per pixel), the soft form SWAP's conditional discriminators can take as the "real" segmentation.
 */
public record ClassMap(int width, int height, int classes, int[] labels, float[] probabilities) {

    public ClassMap {
        if (labels.length != width * height || probabilities.length != classes * width * height) {
            throw new IllegalArgumentException("sizes do not match " + width + "x" + height + "x" + classes);
        }
    }

    /** Labels as an (1, H, W) int array. */
    public NDArray labels(NDManager manager) {
        return manager.create(labels, new Shape(1, height, width));
    }

    /** Class shares as a (1, K, H, W) float array. */
    public NDArray probabilities(NDManager manager) {
        return manager.create(probabilities, new Shape(1, classes, height, width));
    }
}
