package org.inpaint.training.run;

import java.util.List;

/**
 * Which of a run's weights validation measures and a version serves: the trained weights themselves, or the average
 * an objective keeps of them. Neither wins everywhere: a long run from random weights gains from the average, while a
 * short warm start at a decay of 0.999 keeps much of the version it started from in it.
 */
public enum WeightSet {
    AVERAGED,
    TRAINED;

    /** The sets worth measuring for {@code objective}: its average first, where it keeps one, then the trained weights. */
    static List<WeightSet> candidates(Objective objective) {
        return objective.averagesWeights() ? List.of(AVERAGED, TRAINED) : List.of(TRAINED);
    }

    /** Puts this set into the generator until the handle is closed (the trained weights are there already). */
    AutoCloseable enter(Objective objective) {
        return this == AVERAGED ? objective.averagedWeights() : () -> { };
    }

    /** The name logs and model cards use. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
