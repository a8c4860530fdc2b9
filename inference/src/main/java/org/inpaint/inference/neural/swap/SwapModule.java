package org.inpaint.inference.neural.swap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.ops.Conv;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * Semantic-Wise Attention Propagation between decoder scale l and l+1 (Eq. 1):
 * {@code phi^{l+1} = swap(phi^l, varphi^{l+1}, S^l, M)}.
 *
 * <p>Input NDList: decoder feature phi^l (N, Cd, h, w), encoder skip varphi^{l+1} (N, Ce, 2h, 2w), the image
 * predicted at scale l (N, 3, h, w), the class probabilities softmax(S^l) (N, k, h, w), then
 * {@link #attentionInputs}: the pixels to replace at this module's resolution (N, 1, 2h, 2w) and the attention
 * context shared by all scales. Output: phi^{l+1} (N, D, 2h, 2w).
 *
 * <p>Steps: the contextual feature f is a 3×3 convolution of [up(phi^l, I^l, softmax S^l), varphi^{l+1}]
 * (the paper generates f "from phi^l and varphi^{l+1}"; the predictions of scale l are added as a semantic and
 * texture prior, which also gives both heads of scale l a gradient path from the final image); f is split by the
 * argmax of S^l and attended within each class ({@link SemanticAttention}); the result passes four parallel
 * groups of dilated 3×3 convolutions (rates 1, 2, 4, 8, a quarter of the channels each) that are concatenated and
 * fused by a 3×3 convolution.
 *
 * <p>Patch size (not given in the paper): pixel-to-pixel attention at full resolution would need 65536²
 * affinities at 256², so every scale attends on the same H/8 × W/8 grid of patches (32×32 at 256²), the patch
 * side growing with the resolution (b = 1, 2, 4, 8 from 1/8 to full scale) as in PEN-Net's cross-scale attention
 * transfer.
 */
final class SwapModule extends AbstractBlock {

    static final int[] RATES = {1, 2, 4, 8};

    private final int cell;
    private final int classes;
    private final Conv merge;
    private final Conv[] groups = new Conv[RATES.length];
    private final Conv fuse;
    private final Normalisation normalisation;

    /**
     * @param cell attention cell side in pixels at this scale's resolution (the cells of every scale cover the
     *             same image area, so every scale attends on the same H/8 × W/8 grid)
     */
    SwapModule(int decoderIn, int skipIn, int out, int groupChannels, int classes, int cell, Normalisation normalisation) {
        super((byte) 1);
        this.normalisation = normalisation;
        this.cell = cell;
        this.classes = classes;
        merge = addChildBlock("merge", Conv.builder(decoderIn + 3 + classes + skipIn, out, 3).build());
        for (int i = 0; i < RATES.length; i++) {
            groups[i] = addChildBlock("dilated" + RATES[i], Conv.builder(out, groupChannels, 3).dilation(RATES[i]).build());
        }
        fuse = addChildBlock("fuse", Conv.builder(groupChannels * RATES.length, out, 3).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray phi = inputs.get(0);
        NDArray skip = inputs.get(1);
        NDArray prob = inputs.get(3);
        NDArray replaced = inputs.get(4);
        SemanticAttention.Context ctx = new SemanticAttention.Context(inputs.get(5), inputs.get(6), inputs.get(7),
                inputs.get(8), inputs.get(9), inputs.get(10), inputs.get(11));
        NDArray coarse = NDArrays.concat(new NDList(phi, inputs.get(2), prob), 1);
        NDArray in = NDArrays.concat(new NDList(NnOps.upsampleNearest(coarse, 2), skip), 1);
        NDArray f = EncoderStage.activate(normalisation, merge.forward(ps, new NDList(in), training).singletonOrThrow());

        NDArray attended = SemanticAttention.attend(f, replaced, ctx, classGrid(prob, f.getShape().get(2) / cell), cell,
                classes).output();

        NDList parts = new NDList();
        for (Conv g : groups) {
            parts.add(EncoderStage.activate(normalisation, g.forward(ps, new NDList(attended), training).singletonOrThrow()));
        }
        NDArray fused = fuse.forward(ps, new NDList(NDArrays.concat(parts, 1)), training).singletonOrThrow();
        return new NDList(EncoderStage.activate(normalisation, fused));
    }

    /** Inputs 4.. of the module: the pixels SWAP replaces at its resolution, then the shared attention context. */
    static NDList attentionInputs(NDArray replaced, SemanticAttention.Context ctx) {
        return new NDList(replaced, ctx.known(), ctx.knownBonus(), ctx.anyKnown(), ctx.anyKnown4(), ctx.bonus(), ctx.scale(),
                ctx.eps());
    }

    /** argmax of the class probabilities on the attention grid (mean probability per cell when coarser): (N, L). */
    static NDArray classGrid(NDArray prob, long gridRows) {
        long h = prob.getShape().get(2);
        NDArray p = prob;
        if (h > gridRows) {
            p = GridOps.avgPool(p, (int) (h / gridRows));
        } else if (h < gridRows) {
            p = NnOps.upsampleNearest(p, (int) (gridRows / h));
        }
        Shape s = p.getShape();
        return p.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)).argMax(1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape skip = inputShapes[1];
        long n = skip.get(0), h = skip.get(2), w = skip.get(3);
        long inChannels = inputShapes[0].get(1) + inputShapes[2].get(1) + inputShapes[3].get(1) + skip.get(1);
        merge.initialize(manager, dataType, new Shape(n, inChannels, h, w));
        Shape f = merge.getOutputShapes(new Shape[] {new Shape(n, inChannels, h, w)})[0];
        long groupOut = 0;
        for (Conv g : groups) {
            g.initialize(manager, dataType, f);
            groupOut += g.getOutputShapes(new Shape[] {f})[0].get(1);
        }
        fuse.initialize(manager, dataType, new Shape(n, groupOut, h, w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape skip = inputShapes[1];
        return new Shape[] {new Shape(skip.get(0), fuse.outChannels(), skip.get(2), skip.get(3))};
    }
}
