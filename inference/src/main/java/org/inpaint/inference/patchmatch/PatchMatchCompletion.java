package org.inpaint.inference.patchmatch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Coarse-to-fine image completion (Wexler et al. 2007, with PatchMatch as the search): at each pyramid level
 * alternate nearest-neighbour search and voting, more often at coarse levels than at fine ones; start the
 * coarsest level from a border-inwards synthesis and each finer one from the coarser field, doubled, and a vote
 * with it. Known pixels are the only source and are never changed. When no patch fits at all, the hole gets the
 * smooth onion-peel fill instead.
 */
final class PatchMatchCompletion {

    private final PatchMatchSettings settings;

    PatchMatchCompletion(PatchMatchSettings settings) {
        this.settings = settings;
    }

    RgbImage complete(RgbImage image, Mask mask) {
        if (!image.sameSize(mask)) {
            throw new IllegalArgumentException("image " + image + " and " + mask + " differ in size");
        }
        if (mask.isEmpty() || mask.isFull()) {
            return image.copy();
        }
        Level finest = Level.of(image, mask);
        PatchDomain domain = finestDomain(finest);
        if (domain == null) {
            // no patch of any size fits between the holes: nothing to copy from, so diffuse
            OnionPeel.smoothFill(finest);
            return finest.composite(image);
        }
        List<Level> levels = new ArrayList<>();
        List<PatchDomain> domains = new ArrayList<>();
        levels.add(finest);
        domains.add(domain);
        buildPyramid(levels, domains, domain.radius);

        NnfSearch coarser = null;
        for (int l = levels.size() - 1; l >= 0; l--) {
            Level level = levels.get(l);
            PatchDomain d = domains.get(l);
            long seed = settings.seed() * 0x9E3779B97F4A7C15L + l;
            NnfSearch search = new NnfSearch(level, d);
            SplittableRandom random = new SplittableRandom(seed);
            if (coarser == null) {
                PeelSynthesis.fill(level, d, random);
                search.randomInit(random);
            } else {
                Pyramid.upsampleHole(levels.get(l + 1), level);
                search.initFrom(coarser, random);
                search.refreshDistances();
                Voting.vote(level, d, search.nnf, search.dist, settings.threads());
                search.imageChanged();
            }
            int pass = 0;
            for (int em = settings.emIterations(l, levels.size()); em > 0; em--) {
                for (int i = 0; i < settings.nnfIterations(); i++) {
                    search.pass(pass++, seed);
                }
                Voting.vote(level, d, search.nnf, search.dist, settings.threads());
                search.imageChanged();
            }
            coarser = search;
        }
        return finest.composite(image);
    }

    /** The configured patch size if any source patch of that size exists, else the largest smaller one that does. */
    private PatchDomain finestDomain(Level finest) {
        for (int r = settings.patchSize() / 2; r >= 1; r--) {
            PatchDomain d = PatchDomain.of(finest, r, settings.threads());
            if (d.sources.length > 0 && d.targets.length > 0) {
                return d;
            }
        }
        return null;
    }

    /**
     * Adds coarser levels while the hole is still deeper than two patch widths (thin holes lose more to the
     * conservative coarse masks than they gain from a coarse start), the level keeps at least {@code minSize}
     * pixels on its shorter side, and the coarse mask leaves at least half as many whole source patches as
     * there are targets.
     */
    private void buildPyramid(List<Level> levels, List<PatchDomain> domains, int radius) {
        int side = 2 * radius + 1;
        while (true) {
            Level last = levels.get(levels.size() - 1);
            if (OnionPeel.of(last).depth() <= 4 * radius
                    || Math.min((last.width + 1) / 2, (last.height + 1) / 2) < settings.minSize()) {
                return;
            }
            Level next = Pyramid.downsample(last);
            PatchDomain d = PatchDomain.of(next, radius, settings.threads());
            if (d.targets.length == 0 || d.sources.length < Math.max(side * side, d.targets.length / 2)) {
                return;
            }
            levels.add(next);
            domains.add(d);
        }
    }
}
