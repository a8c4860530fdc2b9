package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
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
                .map(n -> new Evaluation.Sample(n, codec.decode(Samples.photo(n), n).image()).limitedTo(200)).toList();
        List<HoleRatioBin> bins = HoleRatioBin.PAPER_BINS.subList(0, 2);
        List<Evaluation.Case> cases = Evaluation.freeFormCases(samples, bins, 7);
        assertEquals(6, cases.size());
        assertEquals(cases.get(0).mask(), Evaluation.freeFormCases(samples, bins, 7).get(0).mask(), "masks are reproducible");
        for (Evaluation.Case c : cases) {
            assertEquals(c.group(), HoleRatioBin.tenthOf(c.mask().holeRatio()).label(), "a seeded mask lies in its bin");
        }
        EngineSelection engines = EngineSelection.resolve(EngineRegistry.load(), List.of(MeanFill.NAME, "telea"), false);
        Report report = Evaluation.report("test masks.", cases, engines, RoiPlanner.withDefaults(), s -> { }, (r, out) -> { });
        List<EvalRow> rows = report.rows();
        assertEquals(4, rows.size());
        assertEquals(List.of("mean-fill", "mean-fill", "telea", "telea"), rows.stream().map(EvalRow::engine).toList());
        assertEquals(List.of("(0.1,0.2]", "(0.2,0.3]", "(0.1,0.2]", "(0.2,0.3]"), rows.stream().map(EvalRow::group).toList());
        for (int b = 0; b < 2; b++) {
            EvalRow mean = rows.get(b);
            EvalRow telea = rows.get(2 + b);
            assertEquals(3, telea.images());
            assertTrue(telea.psnrHole() > mean.psnrHole(), telea + " vs " + mean);
            assertTrue(telea.l1Percent() < mean.l1Percent());
            assertTrue(Double.isFinite(telea.rimRoughness()) && Math.abs(telea.rimRoughness()) < 20, "telea's rim roughness " + telea.rimRoughness());
        }

        ResultsTable.write(dir, report);
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("engine,bin,images,l1_pct,l2_pct,psnr,ssim,tv,ms_per_image,psnr_hole,ssim_hole,rim_roughness", csv.get(0));
        assertEquals(5, csv.size());
        assertTrue(csv.get(3).startsWith("telea,\"(0.1,0.2]\",3,"), csv.get(3) + ": a bin holds a comma, so it is quoted");
        assertEquals(13, csv.get(3).split(",", -1).length, "12 fields, one of them with a comma inside quotes");

        // the papers' layout: measures down, bins inside each measure, one column per engine
        List<String> md = Files.readAllLines(dir.resolve("results.md"));
        int header = md.indexOf("| measure | hole ratio | images | mean-fill | telea |");
        assertTrue(header > 0, String.join("\n", md));
        assertTrue(md.subList(0, header).stream().anyMatch(l -> l.startsWith("Masks: test masks.")), String.join("\n", md));
        assertTrue(md.subList(0, header).stream().anyMatch(l -> l.startsWith("3 images (")), String.join("\n", md));
        List<String> body = md.subList(header + 2, header + 2 + 18);
        assertTrue(body.get(0).startsWith("| ℓ1 (%) ↓ | (0.1,0.2] | 3 | "), body.get(0));
        assertTrue(body.get(1).startsWith("|  | (0.2,0.3] | 3 | "), body.get(1));
        assertTrue(body.get(4).startsWith("| PSNR (dB) ↑ | (0.1,0.2] | 3 | "), body.get(4));
        String psnrCell = String.format(java.util.Locale.ROOT, "%.2f", rows.get(2).psnr());
        assertTrue(body.get(4).endsWith(" | " + psnrCell + " |"), body.get(4) + " should end with telea's PSNR " + psnrCell);
        assertTrue(body.get(14).startsWith("| rim roughness (grey levels) ↓ | (0.1,0.2] |"), body.get(14));
        assertTrue(body.get(16).startsWith("| ms / image | (0.1,0.2] |"), body.get(16));
        assertTrue(md.stream().noneMatch(l -> l.contains("Skipped")));
    }
}
