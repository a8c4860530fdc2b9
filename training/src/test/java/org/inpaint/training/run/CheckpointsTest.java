package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @Test
    void keepsTheLastNAndTheBestAndIgnoresHalfWrittenOnes(@TempDir Path run) throws Exception {
        TrainingConfig config = TrainingConfig.of("deepfill", run, run, 64, 10).withWidth(0.125).withCriticSteps(0);
        try (Model model = Model.newInstance("deepfill", "PyTorch");
             Objective objective = ObjectiveFactory.forModel("deepfill").create(model, config)) {
            Checkpoints c = new Checkpoints(run, 2);
            c.save(new Checkpoints.Info(1, 0.5, 0.5, 1), objective.generator(), objective, true);
            c.save(new Checkpoints.Info(2, 0.3, 0.3, 2), objective.generator(), objective, true);
            c.save(new Checkpoints.Info(3, 0.4, 0.3, 3), objective.generator(), objective, false);
            // a directory left by a kill during writing is not a checkpoint
            Files.createDirectories(c.root().resolve(".writing-123"));
            assertEquals(List.of(2L, 3L), c.list().stream().map(s -> s.info().step()).toList());
            assertEquals(2, c.best().orElseThrow().info().step());
            assertEquals(3, c.latest().orElseThrow().info().step());
            assertFalse(Files.exists(c.root().resolve("step-00000001")));
            assertTrue(Files.size(c.best().get().directory().resolve(Checkpoints.GENERATOR)) > 1000);
        }
    }
}
