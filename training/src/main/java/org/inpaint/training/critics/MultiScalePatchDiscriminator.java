package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * SWAP's multi-scale PatchGAN (Eq. 10, after pix2pixHD): identical {@link PatchDiscriminator}s, each with its own
 * weights, on the image at full, 1/2 and 1/4 size (3×3 average pooling, stride 2, padding 1 not counted, between
 * scales). Output: one score map per scale, finest first. The coarsest scale must still be at least 24 pixels.
 */
public final class MultiScalePatchDiscriminator extends AbstractBlock {

    private final PatchDiscriminator[] scales;

    public MultiScalePatchDiscriminator(int inChannels, double width, int scaleCount) {
        super((byte) 1);
        if (scaleCount < 1) {
            throw new IllegalArgumentException("need at least one scale, got " + scaleCount);
        }
        scales = new PatchDiscriminator[scaleCount];
        for (int k = 0; k < scaleCount; k++) {
            scales[k] = addChildBlock("scale" + k, new PatchDiscriminator(inChannels, width));
        }
    }

    public int scaleCount() {
        return scales.length;
    }

    /**
     * 3×3 average, stride 2, over the pixels inside the image only. The PyTorch engine counts the zero padding in
     * the average whatever the count-include-pad flag says, so the padded average is divided by that of ones.
     */
    static NDArray halve(NDArray x) {
        Shape s = x.getShape();
        NDArray padded = pool(x);
        NDArray coverage = pool(x.getManager().ones(new Shape(1, 1, s.get(2), s.get(3)), x.getDataType()));
        return padded.div(coverage);
    }

    private static NDArray pool(NDArray x) {
        return Pool.avgPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false, true);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDList out = new NDList(scales.length);
        for (int k = 0; k < scales.length; k++) {
            if (k > 0) {
                x = halve(x);
            }
            out.add(scales[k].forward(ps, new NDList(x), training).singletonOrThrow());
        }
        return out;
    }

    private static Shape halved(Shape s) {
        return new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (int k = 0; k < scales.length; k++) {
            if (k > 0) {
                x = halved(x);
            }
            scales[k].initialize(manager, dataType, x);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape[] out = new Shape[scales.length];
        for (int k = 0; k < scales.length; k++) {
            if (k > 0) {
                x = halved(x);
            }
            out[k] = scales[k].getOutputShapes(new Shape[] {x})[0];
        }
        return out;
    }
}
