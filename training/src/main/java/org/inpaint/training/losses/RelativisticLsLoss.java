package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;

/**
 * The relativistic average least-squares GAN loss CSA uses for both of its discriminators (Eq. 5–6, after
 * Jolicoeur-Martineau 2018). With C the critic's raw outputs (any shape: one per patch) and
 * D(x, y) = C(x) − mean C(y), the average taken over every output for the other kind of data in the mini-batch:
 * <pre>
 *   generator     D_R = mean D(real, fake)²       + mean (1 − D(fake, real))²
 *   discriminator D_F = mean (1 − D(real, fake))² + mean D(fake, real)²
 * </pre>
 * Eq. 5–6 print a minus sign before each term; as printed, minimising them would drive the squares apart instead
 * of towards their targets (1 and 0), so both terms are taken positive, as in least-squares GANs.
 */
public final class RelativisticLsLoss {

    private RelativisticLsLoss() {
    }

    /** D_R, the generator's term: gradients reach the generator through {@code fake} (and its mean in the first term). */
    public static NDArray generator(NDArray real, NDArray fake) {
        NDArray dReal = real.sub(fake.mean());
        NDArray dFake = fake.sub(real.mean());
        return dReal.mul(dReal).mean().add(dFake.neg().add(1).square().mean());
    }

    /** D_F, the discriminators' term; pass the critic's outputs on detached fakes. */
    public static NDArray discriminator(NDArray real, NDArray fake) {
        NDArray dReal = real.sub(fake.mean());
        NDArray dFake = fake.sub(real.mean());
        return dReal.neg().add(1).square().mean().add(dFake.mul(dFake).mean());
    }
}
