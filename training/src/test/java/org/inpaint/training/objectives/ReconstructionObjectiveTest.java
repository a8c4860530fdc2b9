package org.inpaint.training.objectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.inpaint.core.InpaintException;
import org.inpaint.training.run.ObjectiveFactory;
import org.inpaint.training.run.TrainingConfig;
import org.junit.jupiter.api.Test;

class ReconstructionObjectiveTest {

    @Test
    void theRateWarmsUpLinearlyThenDecaysAlongACosineToItsFloor() {
        float peak = 1e-3f;
        long steps = 1000; // warm-up: 20 steps
        assertEquals(peak / 20, ReconstructionObjective.rate(peak, 0, steps), 1e-9);
        assertEquals(peak, ReconstructionObjective.rate(peak, 19, steps), 1e-9);
        assertEquals(peak, ReconstructionObjective.rate(peak, 20, steps), 1e-9);
        float middle = ReconstructionObjective.rate(peak, 510, steps);
        assertEquals(peak * (0.02 + 0.98 * 0.5), middle, 1e-7);
        assertEquals(peak * 0.02, ReconstructionObjective.rate(peak, 1000, steps), 1e-9);
        float last = Float.MAX_VALUE;
        for (long s = 20; s <= 1000; s += 10) {
            float r = ReconstructionObjective.rate(peak, s, steps);
            assertTrue(r <= last, "the rate rises at step " + s);
            last = r;
        }
    }

    @Test
    void theRecipeTrainsEveryNetworkAndAnUnknownOneIsABadInputNamingIt() {
        for (String model : new String[] {"deepfill", "lbam", "csa", "swap"}) {
            assertEquals("reconstruction", ObjectiveFactory.forModel(model, "reconstruction").recipe());
        }
        InpaintException unknownModel = assertThrows(InpaintException.class,
                () -> ObjectiveFactory.forModel("unet", "reconstruction"));
        assertEquals("model", unknownModel.field());
        InpaintException unknownRecipe = assertThrows(InpaintException.class,
                () -> TrainingConfig.of("lbam", Path.of("x"), Path.of("y"), 128, 10).toBuilder().recipe("gan").build());
        assertEquals("recipe", unknownRecipe.field());
        InpaintException unknownPrefill = assertThrows(InpaintException.class,
                () -> TrainingConfig.of("lbam", Path.of("x"), Path.of("y"), 128, 10).toBuilder().prefill("zeros").build());
        assertEquals("prefill", unknownPrefill.field());
    }
}
