package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.training.data.PhotoCache;
import org.inpaint.training.run.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LBAM's objective at 128 px (its size multiple) and a tiny width. */
class LbamObjectiveTest {

    private static Path data;
    private static PhotoCache photos;

    @BeforeAll
    static void load(@TempDir Path dir) {
        data = dir;
        photos = ObjectiveHarness.photos(dir, 128, 4);
    }

    @BeforeEach
    void noGraphsOutsideCollectors() {
        Engine.getEngine("PyTorch");
        JniUtils.setGradMode(false);
    }

    @Test
    void criticAndGeneratorStepsGiveFiniteLossesAndAResumedRunTheSameOnes(@TempDir Path out) {
        TrainingConfig config = TrainingConfig.of("lbam", data, out, 128, 10).withWidth(0.125).withBatch(2).withCriticSteps(2);
        List<List<Map<String, Float>>> runs = ObjectiveHarness.resumedSteps(config, photos, 1, out, o -> { });
        Map<String, Float> losses = runs.get(0).get(0);
        ObjectiveHarness.assertFinite(losses);
        assertEquals(List.of("d_wasserstein", "d_penalty", "g_total", "g_l1", "g_perceptual", "g_style", "g_adversarial"),
                List.copyOf(losses.keySet()));
        float expected = losses.get("g_l1") + 0.1f * losses.get("g_adversarial") + 0.05f * losses.get("g_perceptual")
                + 120f * losses.get("g_style");
        assertEquals(expected, losses.get("g_total"), 1e-4f * Math.abs(expected), "the paper's weights 1, 0.1, 0.05, 120");
        assertTrue(losses.get("d_penalty") >= 0);
        ObjectiveHarness.assertSameLosses(runs);
    }
}
