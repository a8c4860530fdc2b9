package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.Precision;
import org.junit.jupiter.api.Test;

/** A run trains in bf16 only on a CPU that has it in hardware: emulated, a step takes many times as long as in fp32. */
class TrainingPrecisionTest {

    private static TrainingConfig.Builder config() {
        return TrainingConfig.of("lbam", Path.of("photos"), Path.of("run"), 128, 10).toBuilder();
    }

    @Test
    void bf16IsRefusedNamingThePrecisionWhereThisCpuWouldEmulateIt() {
        if (CpuFeatures.local().bf16()) {
            assertEquals(Precision.BF16, config().precision("bf16").build().precisionSetting());
        } else {
            InpaintException refused = assertThrows(InpaintException.class, () -> config().precision("bf16").build());
            assertEquals("precision", refused.field());
            assertTrue(refused.getMessage().contains("AVX-512 BF16") && refused.getMessage().contains("use fp32"),
                    refused.getMessage());
        }
    }

    @Test
    void fp32AndExactTrainEverywhere() {
        assertEquals(Precision.FP32, config().precision("fp32").build().precisionSetting());
        assertEquals(Precision.EXACT, config().precision("exact").build().precisionSetting());
        assertEquals(Precision.FP32, config().build().precisionSetting());
    }
}
