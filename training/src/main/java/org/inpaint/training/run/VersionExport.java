package org.inpaint.training.run;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.ops.Precision;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.data.ValidationSet;

/**
 * A finished run's best checkpoint written as a model version under the run's {@code model/} folder, with the card
 * that says how it was trained, what it deviates from its paper in, and which of its weight sets it serves.
 */
final class VersionExport {

    private final TrainingConfig config;
    private final NetworkArchitecture architecture;
    private final Optional<StoredModel> initial;

    VersionExport(TrainingConfig config, NetworkArchitecture architecture, Optional<StoredModel> initial) {
        this.config = config;
        this.architecture = architecture;
        this.initial = initial;
    }

    StoredModel export(Model model, Block generator, Objective objective, Checkpoints checkpoints,
                       ValidationSet validation, PhotoCache train, long step, Validator.Best best) {
        Optional<Checkpoints.Saved> bestCheckpoint = checkpoints.best();
        long exportedStep = step;
        if (bestCheckpoint.isPresent()) {
            Checkpoints.restore(bestCheckpoint.get(), generator, objective, model.getNDManager());
            exportedStep = bestCheckpoint.get().info().step();
        }
        Optional<Checkpoints.Info> bestInfo = bestCheckpoint.map(Checkpoints.Saved::info);
        WeightSet weights = WeightSet.candidates(objective).get(0);
        Map<String, Double> servedPsnrs = null;
        Double holeL1 = best.l1();
        if (bestInfo.map(Checkpoints.Info::weights).isPresent()) {
            weights = bestInfo.get().weights();
            servedPsnrs = bestInfo.get().valPsnrs();
        } else if (!validation.isEmpty()) {
            // a checkpoint written before validation chose between the weight sets: measured both ways now
            Validator.Measured now = Validator.measure(model, generator, objective, validation, exportedStep,
                    config.pixelLoss(), config.rimTaperSetting());
            weights = now.weights();
            servedPsnrs = now.psnrs();
            holeL1 = now.chosen().holeL1();
        }
        long parameters = 0;
        for (Pair<String, Parameter> p : generator.getParameters()) {
            parameters += p.getValue().getArray().size();
        }
        Map<String, Double> measured = new LinkedHashMap<>();
        if (holeL1 != null) {
            measured.put("val_l1_hole", holeL1);
        }
        List<String> deviations = new ArrayList<>(objective.deviations());
        if (config.learningRate() > 0) {
            deviations.add("Adam learning rate " + config.learningRate() + " instead of the paper's, to converge within a short CPU budget.");
        }
        if (config.progressive()) {
            String schedule = "Progressive resizing: the run's first " + config.startSteps() + " steps on " + config.startSize()
                    + " px crops, the rest on " + config.size() + " px crops (validation at " + config.size() + " px throughout)";
            deviations.add(exportedStep <= config.startSteps()
                    ? schedule + "; these weights are its step " + exportedStep + ", so they never trained on " + config.size() + " px crops."
                    : schedule + ".");
        }
        initial.ifPresent(from -> deviations.add("Warm-started from " + from.network() + " " + from.version() + " ("
                + from.card().steps() + " steps, " + config.initFrom() + "; its card says how they were trained): its steps are "
                + "counted in this card's, the optimizer and learning-rate schedule started again."
                + (from.card().width() < config.width() ? " Widened from width " + from.card().width() + " to " + config.width()
                        + " as it began: each added channel a copy of an existing one, the weights that read it split between the "
                        + "two, so the wider network started as the narrower one's function (as Net2Net, Chen et al. 2016)." : "")));
        deviations.addAll(architecture.layerPlanDeviations(config.layerPlan()));
        if (servedPsnrs != null && servedPsnrs.size() > 1) {
            double floor = validation.baselinePsnr();
            deviations.add("Serves the " + weights.label() + " weights of step " + exportedStep + ": on the validation crops"
                    + (validation.byBin() ? " (one free-form hole per crop and hole-ratio bin, as a promotion draws them) " : " ")
                    + String.join(", ", servedPsnrs.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT,
                    "the %s weights measured %+.3f dB", e.getKey(), e.getValue() - floor)).toList())
                    + " over the classical fill.");
        }
        if (config.precisionSetting() == Precision.BF16) {
            deviations.add("Trained with the convolutions in bfloat16 (float32 weights, optimiser state, activations and losses), "
                    + "for speed on AVX-512 BF16 cores.");
        }
        ModelCard card = new ModelCard(architecture.name(), architecture.paper(), config.width(), config.size(), parameters,
                train.size() + " photos from " + String.join(", ", config.allData().stream().map(Path::toString).toList()) + (config.val() != null ? "; validated on " + config.val() : ""),
                exportedStep + initial.map(from -> from.card().steps()).orElse(0L), Instant.now().toString(), measured,
                deviations, config.prefill(), null, config.normalisation(), config.headSkip())
                .withRimTaper(config.rimTaperSetting());
        try (AutoCloseable entered = weights.enter(objective)) {
            return new WeightStore(config.out().resolve("model")).save(architecture.name(), generator, card);
        } catch (Exception e) {
            throw new IllegalStateException("export failed: " + e.getMessage(), e);
        }
    }
}
