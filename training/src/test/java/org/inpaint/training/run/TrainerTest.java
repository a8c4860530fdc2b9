package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.testkit.Samples;
import org.inpaint.training.data.ImageDataset;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.data.ValidationSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs of the DeepFill objective on four photos at 64 px and width 0.25, small enough for a unit test. */
class TrainerTest {

    static Path data;

    @BeforeAll
    static void photos(@TempDir Path dir) throws Exception {
        data = Files.createDirectories(dir.resolve("photos"));
        List<Path> all = Samples.copyPhotosTo(dir.resolve("all"));
        for (Path p : all.subList(0, 4)) {
            Files.copy(p, data.resolve(p.getFileName()));
        }
    }

    static TrainingConfig tiny(Path out, long steps) {
        return TrainingConfig.of("deepfill", data, out, 64, steps).withWidth(0.25).withBatch(4)
                .withValidation(data, 4).withCriticSteps(1).withSchedule(2, 2);
    }

    @Test
    void aFewStepsLowerTheL1OnTheTrainingPhotos(@TempDir Path out) {
        TrainingConfig config = tiny(out, 30).withSchedule(30, 30);
        ImageDataset d = ImageDataset.scan(data);
        ValidationSet cases = ValidationSet.of(PhotoCache.load(d, d.files(), 64, 1.0),
                org.inpaint.training.masks.MixedMasks.measuredFamilies(), 64, 4, config.seed()); // what every run validates on
        double before;
        try (Model model = Model.newInstance("deepfill", "PyTorch");
             Objective objective = ObjectiveFactory.forModel("deepfill").create(model, config)) {
            before = Validator.validate(model, objective.generator(), cases);
        }
        List<Progress> events = new ArrayList<>();
        Trainer.Result result = new Trainer(config, events::add).run(() -> false);
        assertEquals("finished", result.state());
        double after = result.bestValL1();
        assertTrue(after < 0.8 * before, "hole L1 " + before + " -> " + after);
        assertTrue(Files.isRegularFile(out.resolve("metrics.jsonl")));
        assertEquals(30, new MetricsLog(out).read().size());
        assertTrue(Files.isRegularFile(out.resolve("loss.png")));
        assertTrue(Files.isRegularFile(out.resolve("samples").resolve(Trainer.sampleName(30))));
        assertTrue(Files.isRegularFile(out.resolve("manifest.json")));
        assertTrue(result.model().isPresent());
        assertEquals(0.25, result.model().get().card().width());
        assertEquals("started", events.get(0).event());
        assertEquals("finished", events.get(events.size() - 1).event());
        assertTrue(events.stream().anyMatch(e -> e.event().equals("step") && e.imagesPerSecond() > 0 && e.losses().containsKey("g_hole_l1")));
    }

    @Test
    void aStoppedRunResumesAtTheSameStepWithTheSameNextBatchAndOptimizerState(@TempDir Path dir) {
        assertResumesExactly(dir, out -> tiny(out, 6));
    }

    /** The reconstruction recipe also keeps its weight average and learning-rate schedule across a resume. */
    @Test
    void aPrefilledReconstructionRunResumesExactlyToo(@TempDir Path dir) {
        assertResumesExactly(dir, out -> prefilled(out, 6));
    }

    static TrainingConfig prefilled(Path out, long steps) {
        return tiny(out, steps).toBuilder().recipe("reconstruction").prefill("ns").build();
    }

    /** Progressive resizing: stopped before the switch to the full size, resumed across it, the same losses. */
    @Test
    void aProgressiveRunResumesExactlyAcrossItsSizeSwitch(@TempDir Path dir) {
        assertResumesExactly(dir, out -> progressive(out, 6));
    }

    static TrainingConfig progressive(Path out, long steps) {
        return prefilled(out, steps).toBuilder().start(32, 4).build();
    }

    @Test
    void aProgressiveRunTrainsOnSmallCropsFirstAndSaysSoInItsCard(@TempDir Path out) {
        TrainingConfig config = progressive(out, 6);
        ImageDataset d = ImageDataset.scan(data);
        PhotoCache photos = PhotoCache.load(d, d.files(), 64, 1.5);
        List<Integer> sides = new ArrayList<>();
        List<org.inpaint.training.data.BatchSource> made = new ArrayList<>();
        try (ScheduledBatches batches = new ScheduledBatches(config, side -> {
            org.inpaint.training.data.BatchSource s = new org.inpaint.training.data.BatchSource(photos,
                    org.inpaint.training.masks.RectangleMasks.contextualAttention(), side, 2, 1.5, 1);
            made.add(s);
            return s;
        })) {
            for (long step = 0; step < 6; step++) {
                sides.add(batches.at(step).batch(step).images().get(0).width());
            }
        }
        assertEquals(List.of(32, 32, 32, 32, 64, 64), sides);
        assertEquals(2, made.size(), "one source per side, made once");

        Trainer.Result result = new Trainer(config, p -> { }).run(() -> false);
        assertEquals("finished", result.state());
        org.inpaint.inference.neural.weights.ModelCard card = result.model().orElseThrow().card();
        assertEquals(64, card.inputSize());
        assertTrue(card.deviations().stream().anyMatch(line -> line.contains("first 4 steps on 32 px crops")), card.deviations().toString());
        // the exported weights are the best checkpoint's: before the switch they never saw the full size, and the card says so
        boolean beforeTheSwitch = card.steps() <= 4;
        assertEquals(beforeTheSwitch, card.deviations().stream().anyMatch(line -> line.contains("never trained on 64 px crops")),
                "step " + card.steps() + ": " + card.deviations());
    }

    @Test
    void theWorkLeftOfAProgressiveRunCountsItsFullSizeStepsByTheirPixels() {
        // 4 steps at 32 px, then 2 at 64 px: a 64 px step is four 32 px steps
        assertEquals(3 + 2 * 4, TrainingConfig.workLeft(1, 6, 64, 32, 4), 1e-9);
        // after the last small step the rate is still a 32 px one
        assertEquals(2 * 4, TrainingConfig.workLeft(4, 6, 64, 32, 4), 1e-9);
        // once a full-size step is done, its rate is the unit
        assertEquals(1, TrainingConfig.workLeft(5, 6, 64, 32, 4), 1e-9);
        assertEquals(0, TrainingConfig.workLeft(6, 6, 64, 32, 4), 1e-9);
        assertEquals(5, TrainingConfig.workLeft(1, 6, 64, 0, 0), 1e-9);
        assertEquals(5, TrainingConfig.workLeft(1, 6, 0, 0, 0), 1e-9, "a manifest without a size");
    }

    @Test
    void aPrefilledRunStartsAtTheNavierStokesFloorAndLogsItsCurve(@TempDir Path out) throws Exception {
        Trainer.Result result = new Trainer(prefilled(out, 4).withSchedule(2, 4), p -> { }).run(() -> false);
        assertEquals("finished", result.state());
        List<String> lines = Files.readAllLines(out.resolve("val.jsonl"));
        assertEquals(2, lines.size(), String.join("\n", lines));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : lines) {
            Map<?, ?> row = json.readValue(line, Map.class);
            double gain = ((Number) row.get("gain_db")).doubleValue();
            // a few steps of a residual that started at zero move the fill by hundredths of a dB, not whole dBs
            assertTrue(Math.abs(gain) < 0.3, "gain over Navier-Stokes after " + row.get("step") + " steps: " + gain);
            assertTrue(((Number) row.get("ns_psnr")).doubleValue() > 15, line);
            double wall = ((Number) row.get("train_seconds")).doubleValue();
            double cpu = ((Number) row.get("cpu_seconds")).doubleValue();
            // the steps' CPU time: some, and no more than every core busy for the whole of their wall time
            assertTrue(cpu > 0 && cpu <= wall * Runtime.getRuntime().availableProcessors() + 0.2, line);
        }
        org.inpaint.inference.neural.weights.ModelCard card = result.model().orElseThrow().card();
        assertEquals("ns", card.prefill());
        assertTrue(card.deviations().stream().anyMatch(d -> d.contains("residual")), card.deviations().toString());
    }

    @Test
    void cpuTimeCarriesOnAcrossAResumeUnlessTheCheckpointNeverRecordedIt() {
        Trainer.TimeSpent recorded = Trainer.TimeSpent.resumed(new Checkpoints.Info(500, 0.07, 0.07, 3600, 25.0, 25.0, 7000.0), true);
        assertEquals(new Trainer.TimeSpent(3602, 7003.5), recorded.plus(2, 3.5));
        Trainer.TimeSpent older = Trainer.TimeSpent.resumed(new Checkpoints.Info(500, 0.07, 0.07, 3600), true);
        assertEquals(new Trainer.TimeSpent(3602, null), older.plus(2, 3.5),
                "a run that began before CPU time was recorded cannot know the CPU time of its first steps");
        assertEquals(new Trainer.TimeSpent(2, null), Trainer.TimeSpent.fromStart(true).plus(2, Double.NaN),
                "a step whose CPU time the JVM did not report leaves the total unknown");
        assertEquals(new Trainer.TimeSpent(2, 1.5), Trainer.TimeSpent.fromStart(true).plus(2, 1.5));
    }

    /**
     * Runs the configuration straight through and stopped at step 3 then resumed, and requires every step's losses
     * to match. Both on the exact path: oneDNN's steps are not bit-reproducible from one point of a process to the
     * next (what was allocated before moves its buffers), and Adam turns a last-bit difference into a visible one,
     * as in one CI run where step 5 of the WGAN critic differed (docs/reliability.md, "Training killed with SIGKILL").
     */
    private static void assertResumesExactly(Path dir, java.util.function.Function<Path, TrainingConfig> onDefaultPath) {
        java.util.function.Function<Path, TrainingConfig> config = out -> onDefaultPath.apply(out).toBuilder().precision("exact").build();
        Map<Long, Map<String, Float>> straight = losses(new Trainer(config.apply(dir.resolve("straight")), p -> { }).run(() -> false));

        Path out = dir.resolve("interrupted");
        AtomicLong done = new AtomicLong();
        Trainer.Result stopped = new Trainer(config.apply(out), p -> {
            if (p.event().equals("step")) {
                done.set(p.step());
            }
        }).run(() -> done.get() >= 3);
        assertEquals("stopped", stopped.state());
        assertEquals(3, stopped.step());
        assertEquals(3, new Checkpoints(out, 3).latest().orElseThrow().info().step());

        InpaintException again = assertThrows(InpaintException.class, () -> new Trainer(config.apply(out), p -> { }).run(() -> false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());

        List<Progress> events = new ArrayList<>();
        Trainer.Result resumed = new Trainer(config.apply(out).withResume(true), events::add).run(() -> false);
        assertEquals("finished", resumed.state());
        assertTrue(events.get(0).message().startsWith("resumed at step 3"), events.get(0).message());
        Map<Long, Map<String, Float>> continued = losses(resumed);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), List.copyOf(continued.keySet()));
        for (long step = 1; step <= 6; step++) {
            for (Map.Entry<String, Float> e : straight.get(step).entrySet()) {
                float v = continued.get(step).get(e.getKey());
                assertEquals(e.getValue(), v, 1e-4f * Math.max(1f, Math.abs(e.getValue())), "step " + step + " " + e.getKey());
            }
        }
    }

    private static Map<Long, Map<String, Float>> losses(Trainer.Result r) {
        Map<Long, Map<String, Float>> out = new java.util.TreeMap<>();
        for (MetricsLog.Entry e : new MetricsLog(r.runDirectory()).read()) {
            out.put(e.step(), e.losses());
        }
        return out;
    }

    /**
     * `train --export-best` resumes at the latest checkpoint with no step left to take; the run it exports may still
     * be training (its logs already past that checkpoint), and once lost those lines to the resume's truncation.
     */
    @Test
    void anExportOfTheBestCheckpointLeavesTheLogsOfTheRunAlone(@TempDir Path out) throws Exception {
        assertEquals("finished", new Trainer(tiny(out, 4), p -> { }).run(() -> false).state());
        org.inpaint.testkit.process.ChildProcesses.deleteRecursively(out.resolve("checkpoints").resolve("step-00000004"));
        List<String> metricsBefore = Files.readAllLines(out.resolve("metrics.jsonl"));
        List<String> validationBefore = Files.readAllLines(out.resolve("val.jsonl"));
        assertEquals(4, metricsBefore.size());
        assertEquals(2, new Checkpoints(out, 1).latest().orElseThrow().info().step());

        Trainer.Result exported;
        try (RunLock trainerStillRunning = RunLock.acquire(out)) {
            exported = new Trainer(tiny(out, 2).withResume(true), p -> { }).run(() -> false);
        }
        assertEquals("finished", exported.state());
        assertTrue(exported.model().isPresent());
        assertEquals(metricsBefore, Files.readAllLines(out.resolve("metrics.jsonl")));
        assertEquals(validationBefore, Files.readAllLines(out.resolve("val.jsonl")));
    }

    @Test
    void aRunIntoADirectoryAnotherTrainerHoldsIsRefusedBeforeItWritesAnything(@TempDir Path out) {
        try (RunLock other = RunLock.acquire(out)) {
            InpaintException refused = assertThrows(InpaintException.class,
                    () -> new Trainer(tiny(out, 2), p -> { }).run(() -> false));
            assertEquals("out", refused.field());
            assertTrue(refused.getMessage().contains("is being trained by process " + ProcessHandle.current().pid()),
                    refused.getMessage());
            assertTrue(!Files.exists(out.resolve("manifest.json")) && !Files.exists(out.resolve("checkpoints")));
        }
        assertEquals("finished", new Trainer(tiny(out, 2), p -> { }).run(() -> false).state());
        assertEquals(java.util.Optional.empty(), RunLock.holder(out), "a finished run lets go of its directory");
    }

    @Test
    void aRunDirectoryGivenAsARelativePathReportsItsModelInsideIt() throws Exception {
        // `./inpaint train --out runs/x` once trained to the end and then failed on this report (a relative run
        // directory against the store's absolute model path)
        Path out = Path.of("target", "relative-run-" + System.nanoTime());
        try {
            List<Progress> events = new ArrayList<>();
            Trainer.Result result = new Trainer(tiny(out, 2), events::add).run(() -> false);
            assertEquals("finished", result.state());
            Progress finished = events.get(events.size() - 1);
            assertEquals(Path.of("model", "deepfill", "v0001").toString(), finished.file(), finished.toString());
            assertTrue(events.stream().anyMatch(e -> e.event().equals("checkpoint")
                    && Path.of("checkpoints", "step-00000002").toString().equals(e.file())), events.toString());
        } finally {
            org.inpaint.testkit.process.ChildProcesses.deleteRecursively(out);
        }
    }

    /**
     * A warm start: the generator begins from a stored version's weights (so its first measurement, after one step
     * at a negligible rate, is the stored version's own), its card counts both runs' steps and says where it began,
     * and a warm-started run still resumes exactly.
     */
    @Test
    void aWarmStartBeginsFromTheStoredWeightsAndSaysSoInItsCard(@TempDir Path dir) throws Exception {
        Trainer.Result first = new Trainer(prefilled(dir.resolve("first"), 4).withSchedule(4, 4).withLearningRate(4e-3), p -> { })
                .run(() -> false);
        org.inpaint.inference.neural.weights.StoredModel stored = first.model().orElseThrow();
        double storedL1 = first.bestValL1();

        TrainingConfig oneStep = prefilled(dir.resolve("warm"), 1).withSchedule(1, 1).withLearningRate(1e-9);
        Trainer.Result warm = new Trainer(oneStep.toBuilder().initFrom(stored.directory()).build(), p -> { }).run(() -> false);
        Trainer.Result cold = new Trainer(prefilled(dir.resolve("cold"), 1).withSchedule(1, 1).withLearningRate(1e-9), p -> { })
                .run(() -> false);
        assertEquals(storedL1, warm.bestValL1(), 1e-5, "the warm start measures what the stored version measured");
        List<String> warmLog = Files.readAllLines(dir.resolve("warm").resolve("val.jsonl"));
        assertEquals(2, warmLog.size(), "step 0 and step 1: " + warmLog);
        Map<?, ?> before = new com.fasterxml.jackson.databind.ObjectMapper().readValue(warmLog.get(0), Map.class);
        assertEquals(0, ((Number) before.get("step")).intValue(), warmLog.get(0));
        assertEquals(storedL1, ((Number) before.get("val_l1_hole")).doubleValue(), 1e-5, "step 0 measures the loaded version");
        assertEquals(1, Files.readAllLines(dir.resolve("cold").resolve("val.jsonl")).size(), "random weights log no step 0");
        assertTrue(Math.abs(cold.bestValL1() - storedL1) > 1e-4, "a cold start measures its random weights: " + cold.bestValL1()
                + " against " + storedL1);

        org.inpaint.inference.neural.weights.ModelCard card = warm.model().orElseThrow().card();
        assertEquals(stored.card().steps() + 1, card.steps());
        assertTrue(card.deviations().stream().anyMatch(d -> d.startsWith("Warm-started from deepfill v0001")), card.deviations().toString());

        assertResumesExactly(dir.resolve("resumed"), out -> prefilled(out, 6).toBuilder().initFrom(stored.directory()).build());
    }

    @Test
    void aRunUnderTheRimTaperMeasuresTheTaperedFillAndItsExportIsServedWithIt(@TempDir Path dir) throws Exception {
        Trainer.Result first = new Trainer(prefilled(dir.resolve("first"), 4).withSchedule(4, 4).withLearningRate(4e-3), p -> { })
                .run(() -> false);
        org.inpaint.inference.neural.weights.StoredModel stored = first.model().orElseThrow();
        TrainingConfig oneStep = prefilled(dir.resolve("plain"), 1).withSchedule(1, 1).withLearningRate(1e-9).toBuilder()
                .initFrom(stored.directory()).build();
        Trainer.Result plain = new Trainer(oneStep, p -> { }).run(() -> false);
        Trainer.Result tapered = new Trainer(oneStep.toBuilder().out(dir.resolve("tapered")).rimTaper(4).build(), p -> { })
                .run(() -> false);

        // the same weights and batch: the taper keeps the prefill at the rim, so the measured fill and the loss differ
        assertTrue(Math.abs(tapered.bestValL1() - plain.bestValL1()) > 1e-5,
                "tapered val L1 " + tapered.bestValL1() + " against " + plain.bestValL1());
        Map<String, Float> untaperedLoss = losses(plain).get(1L);
        Map<String, Float> taperedLoss = losses(tapered).get(1L);
        assertEquals(untaperedLoss.get("prefill_hole_l1"), taperedLoss.get("prefill_hole_l1"), 1e-7f);
        assertTrue(Math.abs(untaperedLoss.get("g_hole_l1") - taperedLoss.get("g_hole_l1")) > 1e-6, untaperedLoss + " against " + taperedLoss);

        org.inpaint.inference.neural.weights.ModelCard card = tapered.model().orElseThrow().card();
        assertEquals(4, card.rimTaper());
        assertTrue(card.deviations().stream().anyMatch(d -> d.startsWith("Trained under its rim taper")), card.deviations().toString());
        assertTrue(card.deviations().stream().anyMatch(RimTaper::isDeviation), card.deviations().toString());
        assertEquals(0, plain.model().orElseThrow().card().rimTaper());

        InpaintException noPrefill = assertThrows(InpaintException.class, () -> tiny(dir, 2).toBuilder().rimTaper(4).build());
        assertEquals("rimTaper", noPrefill.field());
        InpaintException tooWide = assertThrows(InpaintException.class, () -> oneStep.toBuilder().rimTaper(40).build());
        assertEquals("rimTaper", tooWide.field());
    }

    /**
     * Validation measures the trained weights and their average; the checkpoint's scores, the curve's gain and the
     * export are those of the better one, and an export of a checkpoint written before the choice measures both again.
     */
    @Test
    void validationMeasuresTheTrainedWeightsAndTheirAverageAndTheExportServesTheBetter(@TempDir Path dir) throws Exception {
        TrainingConfig run = prefilled(dir.resolve("run"), 4).withSchedule(2, 2).withLearningRate(4e-3).toBuilder()
                .pixelLoss("psnr").build();
        Trainer.Result result = new Trainer(run, p -> { }).run(() -> false);
        Checkpoints.Saved best = new Checkpoints(run.out(), 1).best().orElseThrow();
        WeightSet chosen = best.info().weights();
        Map<String, Double> psnrs = best.info().valPsnrs();
        assertEquals(List.of("averaged", "trained"), List.copyOf(psnrs.keySet()));
        assertEquals(Math.max(psnrs.get("averaged"), psnrs.get("trained")), best.info().valPsnr(), 1e-9);
        assertEquals(psnrs.get(chosen.label()), best.info().valPsnr(), 1e-9);
        assertTrue(Math.abs(psnrs.get("averaged") - psnrs.get("trained")) > 1e-4, "after 4 steps at 4e-3 the sets differ: " + psnrs);
        for (String line : Files.readAllLines(run.out().resolve("val.jsonl"))) {
            Map<?, ?> row = new com.fasterxml.jackson.databind.ObjectMapper().readValue(line, Map.class);
            double gain = ((Number) row.get("gain_db")).doubleValue();
            double averaged = ((Number) row.get("gain_averaged_db")).doubleValue();
            double trained = ((Number) row.get("gain_trained_db")).doubleValue();
            assertEquals(Math.max(averaged, trained), gain, 1e-4, line);
            assertEquals(averaged >= trained ? "averaged" : "trained", row.get("weights"), line);
        }

        // the export holds the chosen weights: a warm start from it measures the checkpoint's PSNR again
        org.inpaint.inference.neural.weights.StoredModel stored = result.model().orElseThrow();
        assertTrue(stored.card().deviations().stream().anyMatch(d -> d.startsWith("Serves the " + chosen.label() + " weights of step "
                + best.info().step())), stored.card().deviations().toString());
        TrainingConfig again = prefilled(dir.resolve("again"), 1).withSchedule(1, 1).withLearningRate(1e-9).toBuilder()
                .pixelLoss("psnr").initFrom(stored.directory()).build();
        new Trainer(again, p -> { }).run(() -> false);
        Map<String, Double> reloaded = new Checkpoints(again.out(), 1).best().orElseThrow().info().valPsnrs();
        assertEquals(best.info().valPsnr(), reloaded.get("averaged"), 2e-3, "the warm start's average is the stored weights");

        // a checkpoint from before the choice: the export-only pass measures both sets and serves the same one
        Path info = best.directory().resolve(Checkpoints.INFO);
        Map<String, Object> legacy = new java.util.LinkedHashMap<>(new com.fasterxml.jackson.databind.ObjectMapper().readValue(info.toFile(), Map.class));
        legacy.remove("weights");
        legacy.remove("valPsnrs");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(info.toFile(), legacy);
        org.inpaint.testkit.process.ChildProcesses.deleteRecursively(run.out().resolve("model"));
        Trainer.Result exported = new Trainer(run.toBuilder().resume(true).build(), p -> { }).run(() -> false);
        assertTrue(exported.model().orElseThrow().card().deviations().stream().anyMatch(d -> d.startsWith("Serves the "
                + chosen.label() + " weights of step " + best.info().step())), exported.model().get().card().deviations().toString());
    }

    /** LBAM knows its channel layout: a narrower version starts a wider run where it ended, measured on the same val crops. */
    @Test
    void aWarmStartFromANarrowerLbamMeasuresWhatItMeasuredAndSaysItWasWidened(@TempDir Path dir) {
        java.util.function.BiFunction<Path, Double, TrainingConfig> lbam = (out, width) -> TrainingConfig.of("lbam", data, out, 128, 4)
                .withWidth(width).withBatch(4).withValidation(data, 4).withSchedule(4, 4).toBuilder().recipe("reconstruction")
                .prefill("ns").build();
        Trainer.Result narrow = new Trainer(lbam.apply(dir.resolve("narrow"), 0.25).withLearningRate(4e-3), p -> { }).run(() -> false);
        org.inpaint.inference.neural.weights.StoredModel stored = narrow.model().orElseThrow();

        TrainingConfig wide = lbam.apply(dir.resolve("wide"), 0.375).withSchedule(1, 1).withLearningRate(1e-9).toBuilder()
                .steps(1).initFrom(stored.directory()).build();
        Trainer.Result widened = new Trainer(wide, p -> { }).run(() -> false);
        assertEquals(narrow.bestValL1(), widened.bestValL1(), 2e-5, "the widened network measures what the narrow one did");
        org.inpaint.inference.neural.weights.ModelCard card = widened.model().orElseThrow().card();
        assertEquals(0.375, card.width());
        assertTrue(card.deviations().stream().anyMatch(d -> d.contains("Widened from width 0.25 to 0.375")), card.deviations().toString());

        InpaintException narrower = assertThrows(InpaintException.class, () -> new Trainer(lbam.apply(dir.resolve("n"), 0.125)
                .toBuilder().initFrom(stored.directory()).build(), p -> { }).run(() -> false));
        assertEquals("initFrom", narrower.field());
        assertTrue(narrower.getMessage().contains("not narrow"), narrower.getMessage());
    }

    @Test
    void aWarmStartFromAnotherNetworkWidthOrRecipeIsRefusedNamingInitFrom(@TempDir Path dir) {
        Trainer.Result first = new Trainer(prefilled(dir.resolve("first"), 2).withSchedule(2, 2), p -> { }).run(() -> false);
        Path stored = first.model().orElseThrow().directory();
        InpaintException width = assertThrows(InpaintException.class, () -> new Trainer(
                prefilled(dir.resolve("w"), 2).withWidth(0.5).toBuilder().initFrom(stored).build(), p -> { }).run(() -> false));
        assertEquals("initFrom", width.field());
        assertTrue(width.getMessage().contains("width 0.25"), width.getMessage());
        InpaintException prefill = assertThrows(InpaintException.class, () -> new Trainer(
                prefilled(dir.resolve("p"), 2).toBuilder().prefill("telea").initFrom(stored).build(), p -> { }).run(() -> false));
        assertEquals("initFrom", prefill.field());
        assertTrue(prefill.getMessage().contains("prefill ns"), prefill.getMessage());
        InpaintException missing = assertThrows(InpaintException.class, () -> new Trainer(
                prefilled(dir.resolve("m"), 2).toBuilder().initFrom(dir.resolve("nothing")).build(), p -> { }).run(() -> false));
        assertEquals("initFrom", missing.field());
    }

    /**
     * A paper objective warm-starts too (its critics begin untrained): how the papers' adversarial terms act on a
     * trained generator is what their measurement needs (docs/quality.md, "The papers' adversarial terms").
     */
    @Test
    void aPaperObjectiveWarmStartsFromTheStoredGenerator(@TempDir Path dir) {
        Trainer.Result first = new Trainer(prefilled(dir.resolve("first"), 4).withSchedule(4, 4).withLearningRate(4e-3), p -> { })
                .run(() -> false);
        org.inpaint.inference.neural.weights.StoredModel stored = first.model().orElseThrow();
        TrainingConfig paper = prefilled(dir.resolve("paper"), 1).toBuilder().recipe("paper").initFrom(stored.directory()).build()
                .withSchedule(1, 1).withLearningRate(1e-9);
        Trainer.Result warm = new Trainer(paper, p -> { }).run(() -> false);
        assertEquals(first.bestValL1(), warm.bestValL1(), 1e-5, "the paper objective's first measurement is the stored version's");
    }

    /**
     * Prefill and normalisation add no parameters, so a checkpoint would load into a network built without them: a
     * resumed run must name the settings it was started with, and a warm start must come from the same layer plan
     * (a head skip, which adds parameters, as well: its weights would not load without it).
     */
    @Test
    void aRunResumedWithAnotherLayerPlanIsRefusedNamingTheSetting(@TempDir Path dir) {
        Path out = dir.resolve("plain");
        Trainer.Result first = new Trainer(prefilled(out, 2).withSchedule(2, 2), p -> { }).run(() -> false);
        InpaintException prefill = assertThrows(InpaintException.class, () -> new Trainer(
                prefilled(out, 4).toBuilder().prefill("telea").resume(true).build(), p -> { }).run(() -> false));
        assertEquals("prefill", prefill.field());
        assertTrue(prefill.getMessage().contains("started with prefill ns"), prefill.getMessage());

        TrainingConfig swap = TrainingConfig.of("swap", data, dir.resolve("swap"), 64, 1).withWidth(0.25).withBatch(2)
                .withValidation(data, 2).withSchedule(1, 1).toBuilder().recipe("reconstruction").prefill("ns")
                .normalisation("instance").headSkip("encoder").build();
        Trainer.Result normalised = new Trainer(swap, p -> { }).run(() -> false);
        assertEquals("instance", normalised.model().orElseThrow().card().normalisation());
        assertEquals("encoder", normalised.model().orElseThrow().card().headSkip());
        assertTrue(normalised.model().orElseThrow().card().deviations().stream().anyMatch(d -> d.contains("instance normalisation")));
        assertTrue(normalised.model().orElseThrow().card().deviations().stream().anyMatch(d -> d.contains("encoder's feature")));
        InpaintException plan = assertThrows(InpaintException.class, () -> new Trainer(
                swap.toBuilder().normalisation("none").steps(2).resume(true).build(), p -> { }).run(() -> false));
        assertEquals("normalisation", plan.field());
        InpaintException skip = assertThrows(InpaintException.class, () -> new Trainer(
                swap.toBuilder().headSkip("none").steps(2).resume(true).build(), p -> { }).run(() -> false));
        assertEquals("headSkip", skip.field());
        assertTrue(skip.getMessage().contains("started with headSkip encoder"), skip.getMessage());
        InpaintException warm = assertThrows(InpaintException.class, () -> new Trainer(swap.toBuilder().out(dir.resolve("warm"))
                .normalisation("none").initFrom(normalised.model().orElseThrow().directory()).build(), p -> { }).run(() -> false));
        assertEquals("initFrom", warm.field());
        assertTrue(warm.getMessage().contains("normalisation instance"), warm.getMessage());
        InpaintException warmSkip = assertThrows(InpaintException.class, () -> new Trainer(swap.toBuilder().out(dir.resolve("warm2"))
                .headSkip("none").initFrom(normalised.model().orElseThrow().directory()).build(), p -> { }).run(() -> false));
        assertTrue(warmSkip.getMessage().contains("head skip encoder"), warmSkip.getMessage());
        assertEquals("finished", first.state());
    }

    /** The squared-error pixel term: what the step minimises changes, the logged L1 terms stay comparable. */
    @Test
    void theSquaredPixelLossIsWhatTheStepMinimisesAndTheCardSaysSo(@TempDir Path dir) throws Exception {
        Trainer.Result l1 = new Trainer(prefilled(dir.resolve("l1"), 2).withSchedule(2, 2), p -> { }).run(() -> false);
        Trainer.Result l2 = new Trainer(prefilled(dir.resolve("l2"), 2).withSchedule(1, 2).toBuilder().pixelLoss("l2").build(),
                p -> { }).run(() -> false);
        Map<String, Float> absolute = losses(l1).get(1L);
        Map<String, Float> squared = losses(l2).get(1L);
        // the same first batch and weights: the same L1 terms; the total is their weighted sum only with l1. With l2
        // it lies between Jensen's bound (a mean square is at least the squared mean: 1.5 · hole L1², the known part
        // being zero at step 0) and the l1 total (errors below 1 square to less than themselves)
        assertEquals(absolute.get("g_hole_l1"), squared.get("g_hole_l1"), 1e-6f);
        assertEquals(absolute.get("g_hole_l1") + 0.1f * absolute.get("g_known_l1") + 0.5f * absolute.get("g_coarse_hole_l1"),
                absolute.get("g_total"), 1e-5f);
        float hole = squared.get("g_hole_l1");
        assertTrue(squared.get("g_total") >= 1.5f * hole * hole && squared.get("g_total") < 0.9f * absolute.get("g_total"),
                squared + " against " + absolute);
        assertTrue(l2.model().orElseThrow().card().deviations().stream().anyMatch(d -> d.contains("hole L2 (squared error)")));
        // the kept best is the checkpoint of highest val PSNR in the run's curve, and the result reports its hole L1
        Checkpoints.Info best = new Checkpoints(dir.resolve("l2"), 3).best().orElseThrow().info();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        double highest = Double.NEGATIVE_INFINITY;
        for (String line : Files.readAllLines(dir.resolve("l2").resolve("val.jsonl"))) {
            highest = Math.max(highest, ((Number) json.readValue(line, Map.class).get("val_psnr")).doubleValue());
        }
        assertEquals(highest, best.valPsnr(), 1e-3);
        assertEquals(best.valL1(), l2.bestValL1());
        InpaintException unknown = assertThrows(InpaintException.class, () -> prefilled(dir, 2).toBuilder().pixelLoss("l3").build());
        assertEquals("pixelLoss", unknown.field());
        InpaintException paper = assertThrows(InpaintException.class, () -> tiny(dir, 2).toBuilder().pixelLoss("l2").build());
        assertEquals("pixelLoss", paper.field());
    }

    @Test
    void aReconstructionRunTrainsOnTheHolesItsMasksSettingNamesAndItsCardSaysSo(@TempDir Path out) {
        TrainingConfig smallHoles = prefilled(out, 2).toBuilder().masks("free-form:1,0,0,0,0").build();
        try (Model model = Model.newInstance("deepfill", "PyTorch");
             Objective objective = ObjectiveFactory.forModel("deepfill", "reconstruction").create(model, smallHoles)) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(3);
            for (int i = 0; i < 30; i++) {
                double ratio = objective.masks().sample(64, 64, random).holeRatio();
                assertTrue(ratio > 0.1 && ratio <= 0.2, "a stroke mask in (0.1,0.2], got " + ratio);
            }
            assertTrue(objective.deviations().stream().anyMatch(d -> d.contains("--masks free-form:1,0,0,0,0")),
                    objective.deviations().toString());
        }
    }

    /**
     * Validation on the holes a promotion measures: each val photo once per bin, the gain per bin in val.jsonl and
     * the log, the weights chosen by the mean over the bins; a resume with other holes is refused naming the setting.
     */
    @Test
    void aRunValidatedByBinLogsTheGainPerBinAndResumesOnlyOnTheSameHoles(@TempDir Path dir) throws Exception {
        TrainingConfig run = prefilled(dir.resolve("bins"), 2).withSchedule(2, 2).toBuilder().pixelLoss("psnr")
                .masks("free-form").valMasks("bins").build();
        List<Progress> events = new ArrayList<>();
        Trainer.Result result = new Trainer(run, events::add).run(() -> false);
        assertEquals("finished", result.state());
        List<String> lines = Files.readAllLines(run.out().resolve("val.jsonl"));
        assertEquals(1, lines.size());
        Map<?, ?> row = new com.fasterxml.jackson.databind.ObjectMapper().readValue(lines.get(0), Map.class);
        Map<?, ?> bins = (Map<?, ?>) row.get("gain_by_bin_db");
        assertEquals(org.inpaint.training.masks.HoleRatioBin.PAPER_BINS.stream().map(b -> b.label()).toList(), List.copyOf(bins.keySet()));
        double meanOfBins = bins.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).average().orElseThrow();
        assertEquals(((Number) row.get("gain_db")).doubleValue(), meanOfBins, 2e-4, "every bin holds as many cases: " + row);
        assertTrue(bins.values().stream().allMatch(v -> Math.abs(((Number) v).doubleValue()) < 3),
                "two steps from a zero residual stay near the floor: " + bins);
        Progress checkpoint = events.stream().filter(e -> e.event().equals("checkpoint")).findFirst().orElseThrow();
        assertTrue(checkpoint.message().startsWith(Trainer.BEST_SO_FAR + "; gain over NS by bin (0.1,0.2] "), checkpoint.message());
        assertTrue(result.model().orElseThrow().card().deviations().stream().anyMatch(d -> d.contains(
                "one free-form hole per crop and hole-ratio bin")), result.model().get().card().deviations().toString());

        InpaintException valMasks = assertThrows(InpaintException.class, () -> new Trainer(
                run.toBuilder().valMasks("measured").steps(4).resume(true).build(), p -> { }).run(() -> false));
        assertEquals("valMasks", valMasks.field());
        assertTrue(valMasks.getMessage().contains("started with valMasks bins"), valMasks.getMessage());
        InpaintException masks = assertThrows(InpaintException.class, () -> new Trainer(
                run.toBuilder().masks("measured").steps(4).resume(true).build(), p -> { }).run(() -> false));
        assertEquals("masks", masks.field());
        assertTrue(masks.getMessage().contains("the same holes"), masks.getMessage());
        InpaintException unknown = assertThrows(InpaintException.class, () -> run.toBuilder().valMasks("boxes").build());
        assertEquals("valMasks", unknown.field());
    }

    /** A squared-error run keeps the checkpoint of highest PSNR even when its hole L1 is higher; an L1 run the lowest L1. */
    @Test
    void theBestCheckpointIsJudgedByTheMeasureItsLossMoves() {
        Validator.Best best = new Validator.Best(0.0680, 25.68);
        assertTrue(Validator.beats("l2", 0.0682, 25.70, best));
        assertTrue(!Validator.beats("l1", 0.0682, 25.70, best));
        assertTrue(Validator.beats("l1", 0.0679, 25.60, best));
        assertTrue(!Validator.beats("l2", 0.0679, 25.60, best));
        assertTrue(Validator.beats("l2", 0.07, 20.0, Validator.Best.NONE));
        assertTrue(!Validator.beats("l2", null, null, Validator.Best.NONE), "nothing measured is never the best");
        assertTrue(Validator.beats("psnr", 0.0682, 25.70, best));
        assertTrue(!Validator.beats("psnr", 0.0679, 25.60, best));
    }

    @Test
    void badConfigurationsNameTheField(@TempDir Path out) {
        InpaintException size = assertThrows(InpaintException.class, () -> TrainingConfig.of("deepfill", data, out, 16, 5));
        assertEquals("size", size.field());
        InpaintException model = assertThrows(InpaintException.class,
                () -> new Trainer(TrainingConfig.of("unet", data, out, 64, 5), p -> { }).run(() -> false));
        assertEquals("model", model.field());
        assertTrue(model.getMessage().contains("deepfill") && model.getMessage().contains("lbam"), model.getMessage());
        InpaintException multiple = assertThrows(InpaintException.class,
                () -> new Trainer(TrainingConfig.of("lbam", data, out, 64, 5), p -> { }).run(() -> false));
        assertEquals("size", multiple.field());
        assertTrue(multiple.getMessage().contains("multiple of 128"), multiple.getMessage());
        InpaintException startSize = assertThrows(InpaintException.class, () -> progressive(out, 6).toBuilder().start(64, 2).build());
        assertEquals("startSize", startSize.field());
        InpaintException startSteps = assertThrows(InpaintException.class, () -> progressive(out, 6).toBuilder().start(0, 2).build());
        assertEquals("startSteps", startSteps.field());
        InpaintException paper = assertThrows(InpaintException.class, () -> tiny(out, 6).toBuilder().start(32, 2).build());
        assertEquals("startSize", paper.field());
        assertTrue(paper.getMessage().contains("reconstruction"), paper.getMessage());
        InpaintException startMultiple = assertThrows(InpaintException.class,
                () -> new Trainer(progressive(out, 6).toBuilder().start(36, 2).build(), p -> { }).run(() -> false));
        assertEquals("startSize", startMultiple.field());
        assertTrue(startMultiple.getMessage().contains("multiple of 8"), startMultiple.getMessage());
        InpaintException masks = assertThrows(InpaintException.class, () -> tiny(out, 6).toBuilder().masks("free-form").build());
        assertEquals("masks", masks.field());
        assertTrue(masks.getMessage().contains("reconstruction"), masks.getMessage());
    }
}
