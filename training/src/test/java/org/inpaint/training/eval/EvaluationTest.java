package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.testkit.Samples;
import org.inpaint.training.masks.HoleRatioBin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {

    @Test
    void tableHasOneRowPerEngineAndBinAndTeleaBeatsMeanFill(@TempDir Path dir) throws Exception {
        ImageCodec codec = ImageCodec.withDefaults();
        List<Evaluation.Sample> samples = Samples.photos().subList(0, 3).stream()
                .map(n -> new Evaluation.Sample(n, codec.decode(Samples.photo(n), n).image())).toList();
        List<HoleRatioBin> bins = HoleRatioBin.PAPER_BINS.subList(0, 2);
        List<Evaluation.Case> cases = Evaluation.freeFormCases(samples, bins, 7);
        assertEquals(6, cases.size());
        assertEquals(cases.get(0).mask(), Evaluation.freeFormCases(samples, bins, 7).get(0).mask(), "masks are reproducible");
        Map<String, Supplier<InpaintEngine>> engines = new LinkedHashMap<>();
        engines.put(MeanFill.NAME, MeanFill::new);
        engines.put("telea", () -> EngineRegistry.load().create("telea"));
        List<EvalRow> rows = Evaluation.run(cases, engines, RoiPlanner.withDefaults(), s -> { });
        assertEquals(4, rows.size());
        for (int b = 0; b < 2; b++) {
            EvalRow mean = rows.get(b);
            EvalRow telea = rows.get(2 + b);
            assertEquals(3, telea.images());
            assertTrue(telea.psnrHole() > mean.psnrHole(), telea + " vs " + mean);
            assertTrue(telea.l1Percent() < mean.l1Percent());
        }
        ResultsTable.write(dir, rows);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(ResultsTable.CSV_HEADER, csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(Files.readString(dir.resolve("results.md")).contains("| telea | (0.1,0.2] | 3 |"));
    }
}
