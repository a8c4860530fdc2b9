package org.inpaint.inference.neural.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.nn.Block;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.inpaint.inference.neural.deepfill.DeepFillArchitecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightStoreTest {

    @Test
    void versionsCountUpAndRecordedMetricsReplaceTheCardsOnlyTheCard(@TempDir Path dir) throws Exception {
        WeightStore store = new WeightStore(dir);
        ModelCard card = new ModelCard("deepfill", "paper", 0.125, 64, 10, "photos", 5, "now", Map.of("val_l1_hole", 0.2), List.of("small"));
        try (Model model = Model.newInstance("deepfill", "PyTorch")) {
            Block block = new DeepFillArchitecture().buildInto(model, 0.125, 64);
            store.save("deepfill", block, card);
            StoredModel second = store.save("deepfill", block, card);
            assertEquals("v0002", second.version());
            byte[] weights = Files.readAllBytes(second.parameters());
            WeightStore.recordMetrics(second, Map.of("psnr_(0.1,0.2]", 21.5));
            StoredModel reread = store.latest("deepfill").orElseThrow();
            assertEquals(Map.of("psnr_(0.1,0.2]", 21.5), reread.card().metrics());
            assertEquals(List.of("small"), reread.card().deviations());
            assertArrayEquals(weights, Files.readAllBytes(reread.parameters()));
            assertEquals(Map.of("val_l1_hole", 0.2), store.versions("deepfill").get(0).card().metrics(), "other versions untouched");
        }
    }
}
