package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.neural.weights.WeightStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A network without trained weights stops the evaluation with the reason, or is listed as skipped; never dropped. */
class EvalEngineSelectionTest {

    @TempDir
    Path emptyStore;

    @BeforeEach
    void noWeights() {
        System.setProperty(WeightStore.LOCATION_PROPERTY, emptyStore.toString());
    }

    @AfterEach
    void clearStore() {
        System.clearProperty(WeightStore.LOCATION_PROPERTY);
    }

    @Test
    void anUnreadyEngineIsAnErrorNamingItAndWhy() {
        InpaintException e = assertThrows(InpaintException.class, () -> EngineSelection.resolve(EngineRegistry.load(),
                List.of("telea", "deepfill", "patchmatch"), false));
        assertEquals(InpaintException.Kind.ENGINE_UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("engine 'deepfill' cannot run: no trained weights in " + emptyStore.resolve("deepfill")),
                e.getMessage());
        assertTrue(e.getMessage().contains("train with: ./inpaint train --model deepfill"), e.getMessage());
        assertTrue(e.getMessage().contains("--skip-unready"), e.getMessage());
    }

    @Test
    void withSkipUnreadyItIsListedAsSkipped() {
        EngineSelection s = EngineSelection.resolve(EngineRegistry.load(), List.of(MeanFill.NAME, "lbam", "telea", "csa"), true);
        assertEquals(List.of("mean-fill", "telea"), s.ready().stream().map(EngineSelection.Choice::name).toList());
        assertEquals(List.of("lbam", "csa"), s.skipped().stream().map(EngineSelection.Skipped::name).toList());
        Report report = new Report("results", "t", List.of(), "bin", "hole ratio",
                List.of(new EvalRow("telea", "(0.1,0.2]", 1, 1, 1, 30, 0.9, 5, 20, 0.5, 0, 10)), s.skipped(), "");
        String md = ResultsTable.markdown(report);
        assertTrue(md.contains("Skipped, not ready: lbam (no trained weights in " + emptyStore.resolve("lbam")), md);
        assertTrue(md.contains("csa (no trained weights"), md);
    }

    @Test
    void unknownEnginesAndNothingToRunAreErrorsEvenWhenSkipping() {
        InpaintException unknown = assertThrows(InpaintException.class,
                () -> EngineSelection.resolve(EngineRegistry.load(), List.of("telea", "magic"), true));
        assertEquals(InpaintException.Kind.UNKNOWN_ENGINE, unknown.kind());
        InpaintException none = assertThrows(InpaintException.class,
                () -> EngineSelection.resolve(EngineRegistry.load(), List.of("swap"), true));
        assertTrue(none.getMessage().contains("swap (no trained weights"), none.getMessage());
    }
}
