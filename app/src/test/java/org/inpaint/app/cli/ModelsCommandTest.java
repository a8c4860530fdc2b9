package org.inpaint.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code inpaint models} on the shipped weights: one line per version with its settings beyond the paper and its
 * measured PSNR over Navier-Stokes per bin, computed from the card's table, not the whole table.
 */
class ModelsCommandTest {

    @AfterEach
    void clearStore() {
        System.clearProperty(WeightStore.LOCATION_PROPERTY);
    }

    @Test
    void eachVersionShowsItsSettingsAndItsGainOverNavierStokesPerBin() {
        CliTest.Run r = CliTest.run("models", "--set", "models.dir=" + Samples.shippedModels());
        assertEquals(0, r.code(), r.out() + r.err());
        String csa = served(r.out(), "csa");
        assertTrue(csa.contains("v0008 (served)"), csa);
        assertTrue(csa.contains("prefill ns") && csa.contains("four flipped passes"), csa);
        assertTrue(csa.contains("PSNR over ns: (0.1,0.2] +1.01 (0.2,0.3] +1.14"), csa);
        String swap = served(r.out(), "swap");
        assertTrue(swap.contains("v0006 (served)"), swap);
        assertTrue(swap.contains("instance normalisation") && swap.contains("image heads read the encoder")
                && swap.contains("four flipped passes") && swap.contains("(0.1,0.2] +1.00 (0.2,0.3] +1.14"), swap);
        String swapMirrored = line(r.out(), "7154 steps"); // swap v0005, served before with a mirrored second pass
        assertTrue(swapMirrored.contains("mirrored second pass") && !swapMirrored.contains("(served)"), swapMirrored);
        String swapInOnePass = line(r.out(), "5954 steps"); // swap v0004, served in one pass
        assertFalse(swapInOnePass.contains("mirrored"), swapInOnePass);
        String swapWithoutSkip = line(r.out(), "2,664,319 parameters"); // swap v0002
        assertTrue(swapWithoutSkip.contains("instance normalisation") && !swapWithoutSkip.contains("image heads"), swapWithoutSkip);
        String paperDeepFill = line(r.out(), "946,054 parameters"); // deepfill v0001, no longer served
        assertFalse(paperDeepFill.contains("prefill") || paperDeepFill.contains("PSNR over ns")
                || paperDeepFill.contains("(served)"), paperDeepFill);
        String deepfill = served(r.out(), "deepfill");
        assertTrue(deepfill.contains("v0012 (served)") && deepfill.contains("image heads read the encoder")
                && deepfill.contains("residual faded in over the hole's first 4 px") && deepfill.contains("four flipped passes")
                && deepfill.contains("(0.1,0.2] +0.87 (0.2,0.3] +1.04"), deepfill);
        assertFalse(r.out().contains("l1_pct_"), "the full table stays in card.json");
    }

    /** The served version's line in {@code engine}'s block of the listing (its header, then its indented versions). */
    /** Every measured version: its worst bin as its card's table gives it; one curve per lineage in the PNG. */
    @Test
    void theHistoryGivesEachMeasuredVersionsWorstBinFromItsCardAndPlotsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path png = dir.resolve("history.png");
        CliTest.Run r = CliTest.run("models", "history", "--out", png.toString(), "--set", "models.dir=" + Samples.shippedModels());
        assertEquals(0, r.code(), r.out() + r.err());
        System.setProperty(WeightStore.LOCATION_PROPERTY, Samples.shippedModels().toString());
        int measured = 0;
        for (String network : java.util.List.of("lbam", "csa", "swap", "deepfill")) {
            for (org.inpaint.inference.neural.weights.StoredModel m : WeightStore.configured().versions(network)) {
                java.util.Map<String, Double> gains = m.card().psnrGainOver("ns");
                String row = r.out().lines().filter(l -> l.startsWith(network + " ") && l.contains(" " + m.version() + " "))
                        .findFirst().orElseThrow(() -> new AssertionError(network + " " + m.version() + " in\n" + r.out()));
                if (gains.isEmpty()) {
                    assertTrue(row.contains("no measured table"), row);
                    continue;
                }
                measured++;
                double worst = gains.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                assertTrue(row.contains(String.format(java.util.Locale.ROOT, "worst %+.2f", worst)), row + " against " + gains);
                assertTrue(row.contains(String.format(java.util.Locale.ROOT, "%,d steps", m.card().steps())), row);
            }
        }
        assertTrue(measured >= 20, "the shipped versions with tables: " + measured);
        java.awt.image.BufferedImage plot = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(plot.getWidth() >= 760 && plot.getHeight() == 420, plot.getWidth() + "x" + plot.getHeight());
        assertTrue(r.out().contains("wrote " + png), r.out());
    }

    private static String served(String out, String engine) {
        java.util.List<String> lines = out.lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith(engine + " ")).findFirst()
                .orElseThrow(() -> new AssertionError(engine + " in\n" + out)));
        for (int i = header + 1; i < lines.size() && lines.get(i).startsWith(" "); i++) {
            if (lines.get(i).contains("(served)")) {
                return lines.get(i);
            }
        }
        throw new AssertionError("no served version of " + engine + " in\n" + out);
    }

    private static String line(String out, String marker) {
        return out.lines().filter(l -> l.contains(marker)).findFirst().orElseThrow(() -> new AssertionError(marker + " in\n" + out));
    }
}
