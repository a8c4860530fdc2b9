package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.inpaint.training.critics.WganCritic;

/** The WGAN-GP critic objective shared by the DeepFill and LBAM trainers. */
final class Wgan {

    private Wgan() {
    }

    /**
     * @param gap     {@code E[D(fake)] − E[D(real)]}, the critic minimises it (its negation estimates the
     *                Wasserstein distance)
     * @param penalty the gradient penalty
     */
    record CriticTerms(NDArray gap, NDArray penalty) {

        NDArray total() {
            return gap.add(penalty);
        }
    }

    static CriticTerms critic(ParameterStore ps, WganCritic critic, NDArray real, NDArray fake, NDArray penaltyRegion,
                              NDArray alpha, float lambda) {
        NDArray gap = critic.score(ps, fake, true).mean().sub(critic.score(ps, real, true).mean());
        return new CriticTerms(gap, critic.gradientPenalty(ps, real, fake, penaltyRegion, alpha, lambda));
    }

    /** The generator's adversarial term {@code −E[D(fake)]}. */
    static NDArray generator(ParameterStore ps, WganCritic critic, NDArray fake) {
        return critic.score(ps, fake, true).mean().neg();
    }

    /** Interpolation weights drawn from a seed, so a resumed run draws the same interpolates as an uninterrupted one. */
    static NDArray interpolationWeights(NDManager scope, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextDouble();
        }
        return scope.create(a, new Shape(n, 1, 1, 1));
    }
}
