package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The whole CSA generator: rough network, then the refinement network with the CSA layer (Fig. 2).
 *
 * <p>Input NDList(masked image (N, 3, H, W) in [-1, 1] with holes zeroed, mask (N, 1, H, W), 1 = hole). Output, in
 * order: the refined image I_r (N, 3, H, W); "coarse", the rough prediction I_p (N, 3, H, W); "csa_features", the
 * features right after the CSA layer (N, C, H/8, W/8), C = 512 at width 1; "csa_decoder_features", the matching
 * decoder layer (same shape); "attention_flow" (N, 2, H/8, W/8), the offset (dy, dx) in feature cells from each hole
 * cell to its most similar known cell, zero outside the hole; "csa_mask" (N, 1, H/8, W/8), the hole region M at that
 * scale (Appendix A), over which the consistency loss (Eq. 4) is summed.
 *
 * <p>The refinement input is the rough prediction pasted into the holes of the input, plus the mask. The pasted
 * rough prediction is detached, as in the authors' code ({@code fake_P.data}): the rough network learns from its
 * own L1 loss only.
 */
final class CsaGenerator extends AbstractBlock {

    private final RoughNetwork rough;
    private final RefinementNetwork refinement;

    CsaGenerator(double width) {
        super((byte) 1);
        this.rough = addChildBlock("rough", new RoughNetwork(width, 4));
        this.refinement = addChildBlock("refinement", new RefinementNetwork(width, 4));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray image = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray known = mask.neg().add(1);
        // the rough network reads the holes as given: zeros (the paper) or a classical prefill (PrefilledResidual)
        NDArray coarse = rough.forward(ps, new NDList(image.concat(mask, 1)), training).singletonOrThrow();
        NDArray pasted = image.mul(known).add(coarse.stopGradient().mul(mask));
        NDArray holes = CoherentSemanticAttention.featureMask(mask, RefinementNetwork.CSA_LEVEL);
        NDList refined = refinement.forward(ps, new NDList(pasted.concat(mask, 1), holes), training);
        coarse.setName("coarse");
        refined.get(1).setName("csa_features");
        refined.get(2).setName("csa_decoder_features");
        refined.get(3).setName("attention_flow");
        holes.setName("csa_mask");
        return new NDList(refined.get(0), coarse, refined.get(1), refined.get(2), refined.get(3), holes);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        Shape in = new Shape(s.get(0), 4, s.get(2), s.get(3));
        rough.initialize(manager, dataType, in);
        refinement.initialize(manager, dataType, in, maskShape(s));
    }

    private static Shape maskShape(Shape s) {
        return new Shape(s.get(0), 1, s.get(2) >> RefinementNetwork.CSA_LEVEL, s.get(3) >> RefinementNetwork.CSA_LEVEL);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape[] r = refinement.getOutputShapes(new Shape[] {new Shape(s.get(0), 4, s.get(2), s.get(3)), maskShape(s)});
        return new Shape[] {r[0], new Shape(s.get(0), 3, s.get(2), s.get(3)), r[1], r[2], r[3], maskShape(s)};
    }
}
