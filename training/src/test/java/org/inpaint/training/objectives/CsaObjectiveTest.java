package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.inpaint.training.critics.RandomVggFeatures;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.run.Checkpoints;
import org.inpaint.training.run.Trainer;
import org.inpaint.training.run.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSA's objective at the smallest input it takes (256 px: eight stride-2 levels) and a tiny width. */
class CsaObjectiveTest {

    private static final int SIZE = 256;
    private static final double WIDTH = 0.125;

    private static Path data;
    private static PhotoCache photos;

    @BeforeAll
    static void load(@TempDir Path dir) {
        data = dir;
        photos = ObjectiveHarness.photos(dir, SIZE, 3);
    }

    @BeforeEach
    void noGraphsOutsideCollectors() {
        Engine.getEngine("PyTorch");   // loads the native library
        JniUtils.setGradMode(false);
    }

    private static TrainingConfig config(Path out) {
        return TrainingConfig.of("csa", data, out, SIZE, 10).withWidth(WIDTH).withBatch(1);
    }

    @Test
    void stepsGiveFiniteLossesAndAResumedRunTheSameOnes(@TempDir Path out) {
        List<List<Map<String, Float>>> runs = ObjectiveHarness.resumedSteps(config(out), photos, 1, out, o -> { });
        Map<String, Float> losses = runs.get(0).get(0);
        System.out.println("csa losses " + runs.get(0));
        assertEquals(Set.of("d_patch", "d_feature", "g_total", "g_l1", "g_consistency", "g_adv_patch", "g_adv_feature"),
                losses.keySet());
        assertTrue(losses.get("g_l1") > 0 && losses.get("g_consistency") > 0, losses.toString());
        ObjectiveHarness.assertSameLosses(runs);
    }

    @Test
    void thePool3NetworkIsTheFourStageNetworksPrefix() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            RandomVggFeatures four = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, WIDTH, 4);
            RandomVggFeatures three = RandomVggFeatures.create(m, RandomVggFeatures.DEFAULT_SEED, WIDTH, 3);
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 16, 16));
            assertArrayEquals(four.extract(x).get(2).toFloatArray(), three.extract(x).get(2).toFloatArray(), 0f);
        }
    }

    @Test
    void theTrainerFindsAndRunsIt(@TempDir Path out) {
        TrainingConfig config = config(out).withSteps(2).withSchedule(1, 2).withValidation(null, 1);
        Trainer.Result result = new Trainer(config, p -> { }).run(() -> false);
        assertEquals("finished", result.state());
        assertEquals(2, result.step());
        assertEquals(2, new Checkpoints(out, 3).list().size());
        assertTrue(result.model().isPresent());
    }
}
