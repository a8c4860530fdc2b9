package org.inpaint.inference.patchmatch;

/**
 * Parameters of the PatchMatch completion.
 *
 * @param patchSize          side of the square patches compared, odd, at least 3
 * @param minSize            the pyramid stops before a level whose shorter side would be below this
 * @param emIterationsCoarse EM iterations (search + vote) at the coarsest level
 * @param emIterationsFine   EM iterations at the finest level; levels in between are interpolated
 * @param nnfIterations      propagation + random-search passes per EM iteration
 * @param seed               seed of the random search; the same seed gives the same output
 * @param threads            how many parts each search and vote is split into (and run on)
 */
public record PatchMatchSettings(int patchSize, int minSize, int emIterationsCoarse, int emIterationsFine,
                                 int nnfIterations, long seed, int threads) {

    public static final long DEFAULT_SEED = 0x5EED_2009L;

    public PatchMatchSettings {
        if (patchSize < 3 || patchSize % 2 == 0) {
            throw new IllegalArgumentException("patch size must be odd and at least 3, got " + patchSize);
        }
        if (minSize < patchSize) {
            throw new IllegalArgumentException("min level size " + minSize + " is smaller than the patch " + patchSize);
        }
        if (emIterationsCoarse < 1 || emIterationsFine < 1 || nnfIterations < 1) {
            throw new IllegalArgumentException("iteration counts must be at least 1");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in 1..64, got " + threads);
        }
    }

    public static PatchMatchSettings defaults() {
        return new PatchMatchSettings(7, 32, 20, 2, 2, DEFAULT_SEED, 2);
    }

    public PatchMatchSettings withSeed(long newSeed) {
        return new PatchMatchSettings(patchSize, minSize, emIterationsCoarse, emIterationsFine, nnfIterations,
                newSeed, threads);
    }

    public PatchMatchSettings withThreads(int newThreads) {
        return new PatchMatchSettings(patchSize, minSize, emIterationsCoarse, emIterationsFine, nnfIterations,
                seed, newThreads);
    }

    public PatchMatchSettings withPatchSize(int newPatchSize) {
        return new PatchMatchSettings(newPatchSize, Math.max(minSize, newPatchSize), emIterationsCoarse,
                emIterationsFine, nnfIterations, seed, threads);
    }

    /** EM iterations at pyramid level {@code level} (0 = finest) of {@code levels}. */
    int emIterations(int level, int levels) {
        if (levels <= 1) {
            return emIterationsCoarse;
        }
        double t = level / (double) (levels - 1);
        return (int) Math.round(emIterationsFine + t * (emIterationsCoarse - emIterationsFine));
    }
}
