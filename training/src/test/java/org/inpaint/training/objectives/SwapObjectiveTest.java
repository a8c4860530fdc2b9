package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.labels.ColourPalette;
import org.inpaint.training.run.Checkpoints;
import org.inpaint.training.run.Trainer;
import org.inpaint.training.run.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SWAP's objective at 96 px (the smallest side with all three PatchGAN scales) and a tiny width. */
class SwapObjectiveTest {

    private static final int SIZE = 96;
    private static final double WIDTH = 0.125;

    private static Path data;
    private static PhotoCache photos;

    @BeforeAll
    static void load(@TempDir Path dir) {
        data = dir;
        photos = ObjectiveHarness.photos(dir, SIZE, 6);
    }

    @BeforeEach
    void noGraphsOutsideCollectors() {
        Engine.getEngine("PyTorch");   // loads the native library
        JniUtils.setGradMode(false);
    }

    private static TrainingConfig config(Path out) {
        return TrainingConfig.of("swap", data, out, SIZE, 10).withWidth(WIDTH).withBatch(2);
    }

    @Test
    void stepsGiveFiniteLossesAndAResumedRunTheSameOnes(@TempDir Path out) {
        List<List<Map<String, Float>>> runs = ObjectiveHarness.resumedSteps(config(out), photos, 1, out,
                o -> assertNotNull(((SwapObjective) o).palette(), "the palette comes with the state, before any step"));
        Map<String, Float> losses = runs.get(0).get(0);
        System.out.println("swap losses " + runs.get(0));
        assertEquals(Set.of("d_patchgan", "d_structure", "g_total", "g_l1", "g_adversarial", "g_cross_entropy",
                "g_patch_coherence", "g_structure_coherence"), losses.keySet());
        assertTrue(losses.get("g_cross_entropy") > 0 && losses.get("g_l1") > 0, losses.toString());
        ObjectiveHarness.assertSameLosses(runs);
        assertTrue(Files.isRegularFile(SwapObjective.paletteFile(out)));
    }

    @Test
    void aRestoredStateBringsItsPaletteEvenUnderAnotherSeed(@TempDir Path a, @TempDir Path b) throws Exception {
        ByteArrayOutputStream state = new ByteArrayOutputStream();
        double[][] fitted;
        try (Model model = Model.newInstance("swap", "PyTorch");
             SwapObjective objective = new SwapObjective(model, config(a))) {
            assertNull(objective.palette());
            objective.step(0, ObjectiveHarness.source(photos, objective, config(a)));
            fitted = objective.palette().centres();
            assertEquals(8, fitted.length);
            objective.saveState(new DataOutputStream(state));
        }
        assertArrayEquals(fitted, ColourPalette.load(SwapObjective.paletteFile(a)).centres());
        TrainingConfig other = config(b).withSeed(99);
        try (Model model = Model.newInstance("swap", "PyTorch");
             SwapObjective objective = new SwapObjective(model, other)) {
            objective.loadState(new DataInputStream(new ByteArrayInputStream(state.toByteArray())));
            assertArrayEquals(fitted, objective.palette().centres());
            assertArrayEquals(fitted, ColourPalette.load(SwapObjective.paletteFile(b)).centres());
        }
    }

    @Test
    void thePatchGanKeepsOnlyScalesAPatchFits() {
        assertEquals(1, SwapObjective.discriminatorScales(32));
        assertEquals(2, SwapObjective.discriminatorScales(64));
        assertEquals(3, SwapObjective.discriminatorScales(96));
        assertEquals(3, SwapObjective.discriminatorScales(256));
    }

    @Test
    void theTrainerFindsRunsAndResumesIt(@TempDir Path out) {
        TrainingConfig config = config(out).withSteps(2).withSchedule(1, 2).withValidation(null, 2);
        Trainer.Result first = new Trainer(config, p -> { }).run(() -> false);
        assertEquals("finished", first.state());
        assertEquals(2, new Checkpoints(out, 3).list().size());
        assertTrue(Files.isRegularFile(SwapObjective.paletteFile(out)));
        Trainer.Result resumed = new Trainer(config.withSteps(3).withResume(true), p -> { }).run(() -> false);
        assertEquals("finished", resumed.state());
        assertEquals(3, resumed.step());
        assertTrue(resumed.model().isPresent());
    }
}
