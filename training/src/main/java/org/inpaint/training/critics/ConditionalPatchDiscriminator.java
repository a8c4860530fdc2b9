package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One of SWAP's two conditional discriminators for the structure coherence loss (Eq. 8): a {@link
 * PatchDiscriminator} over the image and the class map stacked as channels, so it can only call a pair real when
 * the image's edges and the segmentation's boundaries agree. D_s (semantics-conditioned) and D_t
 * (texture-conditioned) are two instances; which input is the condition is decided by what the trainer feeds as
 * fake. Input NDList(image (N, 3, H, W), class probabilities (N, K, H, W)); output scores (N, 1, H/8 − 2, W/8 − 2).
 */
public final class ConditionalPatchDiscriminator extends AbstractBlock {

    private final int classes;
    private final PatchDiscriminator body;

    public ConditionalPatchDiscriminator(int classes, double width) {
        super((byte) 1);
        this.classes = classes;
        this.body = addChildBlock("patch", new PatchDiscriminator(3 + classes, width));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray seg = inputs.get(1);
        if (image.getShape().get(1) != 3 || seg.getShape().get(1) != classes) {
            throw new IllegalArgumentException("want an RGB image and " + classes + " class maps, got " + image.getShape()
                    + " and " + seg.getShape());
        }
        return body.forward(ps, new NDList(image.concat(seg, 1)), training);
    }

    private Shape joined(Shape[] in) {
        Shape s = in[0];
        return new Shape(s.get(0), 3 + classes, s.get(2), s.get(3));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, joined(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return body.getOutputShapes(new Shape[] {joined(inputShapes)});
    }
}
