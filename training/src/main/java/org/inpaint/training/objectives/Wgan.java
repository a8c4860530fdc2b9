package org.inpaint.training.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.BatchSource;
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

    /** One critic iteration on a batch, with the seed of its interpolation weights. */
    interface CriticStep {
        Map<String, Float> run(Batch batch, long seed);
    }

    /**
     * Algorithm 1 of Yu et al. 2018 (as WGAN-GP trains): {@code criticSteps} critic updates, each on a fresh batch,
     * then one generator update on the next. Returns the critic's losses averaged over its iterations, then the
     * generator's.
     */
    static Map<String, Float> alternate(long step, BatchSource source, int criticSteps, CriticStep critic,
                                        Function<Batch, Map<String, Float>> generator) {
        Map<String, Float> losses = new LinkedHashMap<>();
        long first = step * (criticSteps + 1);
        for (int k = 0; k < criticSteps; k++) {
            critic.run(source.batch(first + k), step * 31 + k).forEach((name, v) -> losses.merge(name, v / criticSteps, Float::sum));
        }
        losses.putAll(generator.apply(source.batch(first + criticSteps)));
        return losses;
    }

    /** Loss names and values in the order given (alternating name, value), as the metrics log and plots show them. */
    static Map<String, Float> ordered(Object... nameValue) {
        Map<String, Float> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], (Float) nameValue[i + 1]);
        }
        return m;
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
