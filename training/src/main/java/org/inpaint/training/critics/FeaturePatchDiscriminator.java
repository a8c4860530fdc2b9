package org.inpaint.training.critics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.csa.InstanceNorm;
import org.inpaint.inference.neural.ops.Conv;

/**
 * CSA's feature patch discriminator (Section 3.4, Table 5, Fig. 5): a patch discriminator over a feature map of
 * the image rather than its pixels. Layers: 4×4 conv to 512 channels stride 2, LeakyReLU(0.2); 4×4 conv 512
 * stride 1, instance norm, LeakyReLU; 4×4 conv stride 1 to the scores; padding 1 throughout.
 *
 * <p>Input: the features of the image, (N, inChannels, h, w) with h, w ≥ 8; the trainer computes them with the
 * frozen {@link RandomVggFeatures} ("pool3", as the paper's text says; its Table 5 names relu4_3, which costs three
 * more 512-channel convolutions per image). The feature network is not part of this block, so its (frozen) weights
 * never show up among the discriminator's parameters. Output (N, 1, h/2 − 2, w/2 − 2): Table 5 gives the last layer
 * 512 channels; one score per position is used, as in the pixel patch discriminator (the relativistic loss averages
 * over every score either way).
 */
public final class FeaturePatchDiscriminator extends AbstractBlock {

    private final Conv down;
    private final Conv middle;
    private final InstanceNorm norm;
    private final Conv out;

    public FeaturePatchDiscriminator(int inChannels, double width) {
        super((byte) 1);
        int c = NetworkArchitecture.scaled(512, width);
        down = addChildBlock("conv1", Conv.builder(inChannels, c, 4).stride(2).padding(1).build());
        middle = addChildBlock("conv2", Conv.builder(c, c, 4).padding(1).build());
        norm = addChildBlock("norm2", new InstanceNorm(c));
        out = addChildBlock("conv3", Conv.builder(c, 1, 4).padding(1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        x = Activation.leakyRelu(down.forward(ps, new NDList(x), training).singletonOrThrow(), 0.2f);
        x = norm.forward(ps, middle.forward(ps, new NDList(x), training), training).singletonOrThrow();
        x = Activation.leakyRelu(x, 0.2f);
        return out.forward(ps, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        down.initialize(manager, dataType, x);
        x = down.getOutputShapes(new Shape[] {x})[0];
        middle.initialize(manager, dataType, x);
        x = middle.getOutputShapes(new Shape[] {x})[0];
        norm.initialize(manager, dataType, x);
        out.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        for (Conv c : new Conv[] {down, middle, out}) {
            x = c.getOutputShapes(new Shape[] {x})[0];
        }
        return new Shape[] {x};
    }
}
