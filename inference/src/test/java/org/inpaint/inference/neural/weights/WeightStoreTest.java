package org.inpaint.inference.neural.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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

    /** A version rewritten as float16 takes half the bytes and loads as float32 within float16's rounding. */
    @Test
    void float16StorageHalvesTheFileAndLoadsBackAsFloat32(@TempDir Path dir) throws Exception {
        WeightStore store = new WeightStore(dir);
        ModelCard card = new ModelCard("deepfill", "paper", 0.125, 64, 10, "photos", 5, "now", Map.of(), List.of());
        try (Model model = Model.newInstance("deepfill", "PyTorch"); Model other = Model.newInstance("deepfill", "PyTorch");
             Model reread = Model.newInstance("deepfill", "PyTorch")) {
            Block block = new DeepFillArchitecture().buildInto(model, 0.125, 64);
            StoredModel saved = store.save("deepfill", block, card);
            long fullBytes = Files.size(saved.parameters());
            WeightStore.storeAsFloat16(saved, new DeepFillArchitecture().buildInto(other, 0.125, 64), other.getNDManager());
            long halfBytes = Files.size(saved.parameters());
            assertTrue(halfBytes < 0.55 * fullBytes, fullBytes + " -> " + halfBytes);
            Block loaded = new DeepFillArchitecture().buildInto(reread, 0.125, 64);
            WeightStore.load(saved, loaded, reread.getNDManager());
            var original = block.getParameters();
            var back = loaded.getParameters();
            assertEquals(original.size(), back.size());
            for (int i = 0; i < original.size(); i++) {
                NDArray want = original.get(i).getValue().getArray();
                NDArray got = back.get(i).getValue().getArray();
                assertEquals(DataType.FLOAT32, got.getDataType(), back.get(i).getKey());
                float[] w = want.toFloatArray(), g = got.toFloatArray();
                for (int k = 0; k < w.length; k++) {
                    assertTrue(Math.abs(w[k] - g[k]) <= 1e-3f * Math.abs(w[k]) + 1e-7f, back.get(i).getKey() + "[" + k + "]: " + w[k] + " vs " + g[k]);
                }
            }
        }
    }
}
