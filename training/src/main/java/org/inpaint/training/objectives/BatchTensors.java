package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.inference.neural.Tensors;
import org.inpaint.training.data.Batch;

/**
 * A batch as the generators take it: ground truth in [-1, 1], holes (1 = hole), and the input (holes zeroed, or
 * holding the batch's classical prefill when it has one), all in one scope.
 */
public record BatchTensors(NDArray truth, NDArray holes, NDArray known, NDArray input) {

    public static BatchTensors of(NDManager scope, Batch batch) {
        NDArray truth = Tensors.images(scope, batch.images());
        NDArray holes = Tensors.masks(scope, batch.masks());
        NDArray known = holes.neg().add(1f);
        NDArray input = batch.prefilled().isEmpty() ? truth.mul(known) : Tensors.images(scope, batch.prefilled());
        return new BatchTensors(truth, holes, known, input);
    }

    /** The generator's inputs: (masked image, holes). */
    public NDList generatorInputs() {
        return new NDList(input, holes);
    }

    /** The generator's {@code output} as it is served with {@code taper}: its residual over the input faded in at the rim. */
    public NDArray served(NDArray output, RimTaper taper) {
        return taper.apply(input, output, holes);
    }

    /** Known pixels from the truth, hole pixels from {@code output}. */
    public NDArray composite(NDArray output) {
        return truth.mul(known).add(output.mul(holes));
    }
}
