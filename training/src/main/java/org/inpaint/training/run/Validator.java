package org.inpaint.training.run;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.inference.neural.Tensors;
import org.inpaint.training.data.Batch;
import org.inpaint.training.data.GroupMeans;
import org.inpaint.training.data.ValidationSet;
import org.inpaint.training.objectives.BatchTensors;

/**
 * What a run's validation measures of its generator (hole L1 and the evaluation's whole-image PSNR of the fill as
 * served), and the choices made on it: which weight set a checkpoint keeps, and whether it is the run's best.
 */
final class Validator {

    private Validator() {
    }

    /** The validation scores of the best checkpoint so far (nulls before the first). */
    record Best(Double l1, Double psnr) {
        static final Best NONE = new Best(null, null);
    }

    /**
     * Whether a checkpoint scoring {@code l1} and {@code psnr} beats the best so far: a run that minimises squared
     * error or PSNR is judged by PSNR, the measure that loss moves (its hole L1 can rise while PSNR does); an L1 run
     * by hole L1.
     */
    static boolean beats(String pixelLoss, Double l1, Double psnr, Best best) {
        if (!pixelLoss.equals("l1")) {
            return psnr != null && (best.psnr() == null || psnr > best.psnr());
        }
        return l1 != null && (best.l1() == null || l1 < best.l1());
    }

    /**
     * Validation of each weight set the objective keeps ({@link WeightSet#candidates}); the better one by the run's
     * criterion ({@link #beats}) is chosen, the average where they tie.
     */
    static Measured measure(Model model, Block generator, Objective objective, ValidationSet validation, long step,
                            String pixelLoss, RimTaper taper) {
        Map<WeightSet, Scores> all = new java.util.EnumMap<>(WeightSet.class);
        for (WeightSet set : WeightSet.candidates(objective)) {
            try (AutoCloseable weights = set.enter(objective)) {
                all.put(set, score(model, generator, validation, taper));
            } catch (Exception e) {
                throw new IllegalStateException("validation of the " + set.label() + " weights at step " + step + " failed: "
                        + e.getMessage(), e);
            }
        }
        WeightSet chosen = null;
        for (Map.Entry<WeightSet, Scores> e : all.entrySet()) {
            Best sofar = chosen == null ? Best.NONE : new Best(all.get(chosen).holeL1(), all.get(chosen).psnr());
            if (beats(pixelLoss, e.getValue().holeL1(), e.getValue().psnr(), sofar)) {
                chosen = e.getKey();
            }
        }
        return new Measured(chosen, all);
    }

    /** What validation measured of each weight set, and the one chosen. */
    record Measured(WeightSet weights, Map<WeightSet, Scores> all) {

        Scores chosen() {
            return all.get(weights);
        }

        /** Whole-image PSNR by weight-set label, in {@link WeightSet} order. */
        Map<String, Double> psnrs() {
            Map<String, Double> out = new LinkedHashMap<>();
            all.forEach((set, scores) -> out.put(set.label(), scores.psnr()));
            return out;
        }
    }

    /** Mean absolute error in the holes on a [0, 1] scale, over the validation cases. */
    static double validate(Model model, Block generator, ValidationSet validation) {
        return score(model, generator, validation, RimTaper.NONE).holeL1();
    }

    /**
     * The validation measures: hole L1 on a [0, 1] scale, and the mean whole-image PSNR of the composited 8-bit
     * outputs (the evaluation's measure, what {@link ValidationSet#baselinePsnr()} gives for the classical fill), of
     * the fill as it is served with {@code taper}.
     */
    record Scores(double holeL1, double psnr, Map<String, Double> psnrByGroup) {

        /** The PSNR of each group above {@code baselines} (the classical fill's, by group), dB. */
        Map<String, Double> gainsOver(Map<String, Double> baselines) {
            Map<String, Double> gains = new LinkedHashMap<>();
            psnrByGroup.forEach((group, p) -> gains.put(group, p - baselines.get(group)));
            return gains;
        }
    }

    static Scores score(Model model, Block generator, ValidationSet validation, RimTaper taper) {
        double sum = 0;
        double pixels = 0;
        int cases = 0;
        GroupMeans psnrs = new GroupMeans();
        for (Batch b : validation.batches(8)) {
            List<RgbImage> composites;
            try (NDManager scope = model.getNDManager().newSubManager()) {
                BatchTensors t = BatchTensors.of(scope, b);
                NDArray out = t.served(generator.forward(new ParameterStore(scope, false), t.generatorInputs(), false).get(0), taper);
                sum += out.sub(t.truth()).abs().mul(t.holes()).sum().getFloat() / 2.0;
                pixels += t.holes().sum().getFloat() * 3.0;
                composites = Tensors.toImages(t.composite(out));
            }
            for (int i = 0; i < b.size(); i++) {
                psnrs.add(validation.group(cases), Quality.psnr(b.images().get(i), composites.get(i), null));
                cases++;
            }
        }
        return new Scores(sum / Math.max(1, pixels), cases == 0 ? 0 : psnrs.overall(), psnrs.means());
    }
}
