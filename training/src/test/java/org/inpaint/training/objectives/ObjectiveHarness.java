package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.inpaint.testkit.Samples;
import org.inpaint.training.data.BatchSource;
import org.inpaint.training.data.ImageDataset;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.run.Checkpoints;
import org.inpaint.training.run.Objective;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;

/** Runs an objective found through its factory on the sample photos, as the trainer would. */
final class ObjectiveHarness {

    private ObjectiveHarness() {
    }

    /** The sample photos copied into {@code dir}, decoded for crops of {@code size}. */
    static PhotoCache photos(Path dir, int size, int count) {
        Samples.copyPhotosTo(dir);
        ImageDataset d = ImageDataset.scan(dir);
        return PhotoCache.load(d, d.files().subList(0, Math.min(count, d.files().size())), size, 1.25);
    }

    static BatchSource source(PhotoCache photos, Objective objective, TrainingConfig config) {
        return new BatchSource(photos, objective.masks(), config.size(), config.batch(), config.maxScale(), config.seed());
    }

    static void assertFinite(Map<String, Float> losses) {
        assertFalse(losses.isEmpty());
        losses.forEach((name, v) -> assertTrue(Float.isFinite(v), name + " = " + v));
    }

    /**
     * Runs steps 0 .. before-1, checkpoints, runs steps before and before+1; then restores the checkpoint into a
     * fresh objective in a fresh model (the trainer's resume path) and runs the same two steps there. The second
     * step's losses depend on the first step's updates, so they also check the restored optimizer state.
     *
     * @return the losses of the two steps in the original run, then in the resumed one
     */
    static List<List<Map<String, Float>>> resumedSteps(TrainingConfig config, PhotoCache photos, int before, Path checkpoints,
                                                       Consumer<Objective> afterRestore) {
        ObjectiveFactory factory = ObjectiveFactory.forModel(config.model());
        List<Map<String, Float>> original = new ArrayList<>();
        Checkpoints.Saved saved;
        try (Model model = Model.newInstance(config.model(), "PyTorch");
             Objective objective = factory.create(model, config)) {
            BatchSource source = source(photos, objective, config);
            for (int s = 0; s < before; s++) {
                assertFinite(objective.step(s, source));
            }
            saved = new Checkpoints(checkpoints, 2).save(new Checkpoints.Info(before, null, null, 0), objective.generator(), objective, false);
            original.add(objective.step(before, source));
            original.add(objective.step(before + 1, source));
        }
        List<Map<String, Float>> resumed = new ArrayList<>();
        try (Model model = Model.newInstance(config.model(), "PyTorch");
             Objective objective = factory.create(model, config)) {
            Checkpoints.restore(saved, objective.generator(), objective, model.getNDManager());
            afterRestore.accept(objective);
            BatchSource source = source(photos, objective, config);
            resumed.add(objective.step(before, source));
            resumed.add(objective.step(before + 1, source));
        }
        return List.of(original, resumed);
    }

    static void assertSameLosses(List<List<Map<String, Float>>> runs) {
        for (int s = 0; s < runs.get(0).size(); s++) {
            assertSameLosses(runs.get(0).get(s), runs.get(1).get(s));
        }
    }

    static void assertSameLosses(Map<String, Float> expected, Map<String, Float> actual) {
        assertFinite(expected);
        for (Map.Entry<String, Float> e : expected.entrySet()) {
            assertTrue(actual.containsKey(e.getKey()), e.getKey());
            float a = actual.get(e.getKey());
            assertEquals(e.getValue(), a, 1e-5f * Math.max(1f, Math.abs(e.getValue())), e.getKey());
        }
    }
}
