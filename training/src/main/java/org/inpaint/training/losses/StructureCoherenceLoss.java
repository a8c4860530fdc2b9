package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;

/**
 * SWAP's structure coherence loss (Eq. 8) over the scores of its two conditional discriminators ({@link
 * org.inpaint.training.critics.ConditionalPatchDiscriminator}): D_s judges an image given the real segmentation S,
 * D_t a segmentation given the real image I. Real pairs are (I, S) for both; fake pairs are (Î, S) for D_s and
 * (Ŝ, I) for D_t.
 *
 * <p>Eq. 8 is the minimax value E log D(real) + E log(1 − D(fake)) for each discriminator; the discriminators
 * minimise its negation and the generator minimises the non-saturating −log D(fake), in the form of {@link
 * PatchGanLoss}.
 */
public final class StructureCoherenceLoss {

    private StructureCoherenceLoss() {
    }

    /** The discriminators' loss; the fake scores should come from detached Î and Ŝ. */
    public static NDArray discriminator(NDArray dsReal, NDArray dsFake, NDArray dtReal, NDArray dtFake) {
        return PatchGanLoss.realTerm(dsReal).add(PatchGanLoss.fakeTerm(dsFake))
                .add(PatchGanLoss.realTerm(dtReal)).add(PatchGanLoss.fakeTerm(dtFake));
    }

    /** The generator's loss: D_s(Î, S) and D_t(Ŝ, I) should both read real. */
    public static NDArray generator(NDArray dsFake, NDArray dtFake) {
        return PatchGanLoss.realTerm(dsFake).add(PatchGanLoss.realTerm(dtFake));
    }
}
