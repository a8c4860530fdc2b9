package org.inpaint.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.testkit.Samples;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inpaint eval} end to end, in-process, on two small photos. */
class EvalCommandTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();

    @Test
    void photosWithADoubleUnderscoreInTheirNameAreImagesButMasksBesideAnImageAreNot() {
        java.util.Set<String> stems = java.util.Set.of("gcompris__bee", "gcompris__bee__hole1", "cat");
        assertFalse(EvalCommand.isMaskOfAnother("gcompris__bee.jpg", stems));
        assertTrue(EvalCommand.isMaskOfAnother("gcompris__bee__hole1.png", stems));
        assertTrue(EvalCommand.isMaskOfAnother("cat__a.png", stems));
        assertFalse(EvalCommand.isMaskOfAnother("dog__a.png", stems));
    }

    @Test
    void writesAndPrintsThePapersTable(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.run("eval", "--engines", "mean-fill,telea", "--limit", "2", "--max-side", "96",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("engine,bin,images,l1_pct,l2_pct,psnr,ssim,tv,ms_per_image,psnr_hole,ssim_hole,rim_roughness", csv.get(0));
        assertEquals(1 + 2 * 5, csv.size());
        assertTrue(r.out().contains("| measure | hole ratio | images | mean-fill | telea |"), r.out());
        assertTrue(r.out().contains("| PSNR (dB) ↑ | (0.1,0.2] | 2 |"), r.out());
        assertTrue(r.out().contains("seeded free-form brush strokes"), r.out());
        assertEquals(Files.readString(out.resolve("results.md")).strip(),
                r.out().substring(0, r.out().indexOf("wrote ")).strip(), "prints what it writes");
    }

    @Test
    void centreCropsAtAScaleAreScoredAndSaidSoAndTwoScalesAreRefused(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.run("eval", "--engines", "telea", "--limit", "2", "--short-side", "80", "--crop", "64",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("2 images (64×64)"), r.out());
        assertTrue(r.out().contains("64 px centre crops, the shorter side scaled to 80 px"), r.out());

        CliTest.Run both = CliTest.run("eval", "--engines", "telea", "--limit", "1", "--max-side", "96", "--short-side", "80",
                "--out", out.toString());
        assertEquals(2, both.code(), both.out());
        assertTrue(both.err().contains("--short-side") && both.err().contains("--max-side"), both.err());
    }

    @Test
    void masksFromADirectoryAreBinnedByTheirMeasuredRatio(@TempDir Path data, @TempDir Path masks, @TempDir Path out)
            throws Exception {
        String name = Samples.photoNamed("orange");
        Files.write(data.resolve("orange.jpg"), Samples.photo(name));
        var img = CODEC.read(data.resolve("orange.jpg"), "x").image();
        int w = img.width(), h = img.height();
        MaskCodec mc = new MaskCodec(CODEC);
        Files.write(masks.resolve("orange__a.png"), mc.encode(Mask.ofBoxes(w, h, List.of(new Rect(0, 0, w, h / 4 + 1))), ImageFormat.PNG));
        Files.write(masks.resolve("orange__b.png"), mc.encode(Mask.ofBoxes(w, h, List.of(new Rect(0, 0, w / 20, h))), ImageFormat.PNG));
        CliTest.Run r = CliTest.run("eval", "--engines", "telea", "--data", data.toString(), "--masks", masks.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).startsWith("telea,\"(0,0.1]\",1,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("telea,\"(0.2,0.3]\",1,"), csv.get(2));
        assertTrue(r.out().contains("2 mask files NAME__*.png"), r.out());
    }

    @Test
    void anEngineWithoutWeightsFailsWithTheReasonOrIsListedAsSkipped(@TempDir Path out) {
        CliTest.Run fail = CliTest.run("eval", "--engines", "telea,deepfill", "--limit", "1", "--max-side", "64",
                "--out", out.toString());
        assertEquals(2, fail.code());
        assertTrue(fail.err().contains("engine 'deepfill' cannot run: no trained weights"), fail.err());
        assertTrue(fail.err().contains("train with: ./inpaint train --model deepfill"), fail.err());
        assertTrue(Files.notExists(out.resolve("results.csv")));

        CliTest.Run skip = CliTest.run("eval", "--engines", "telea,deepfill", "--skip-unready", "--limit", "1",
                "--max-side", "64", "--out", out.toString());
        assertEquals(0, skip.code(), skip.err());
        assertTrue(skip.out().contains("Skipped, not ready: deepfill (no trained weights"), skip.out());
    }

    @Test
    void aGridShowsTheFillsOfOneBinAndBadGridSettingsNameTheirOption(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.run("eval", "--engines", "mean-fill,telea", "--limit", "3", "--max-side", "64",
                "--grid", "2", "--grid-bin", "(0.2,0.3]", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out.resolve("grid.png") + ": rows "), r.out());
        assertTrue(r.out().contains("; columns input, mean-fill, telea, truth"), r.out());
        RgbImage grid = ImageCodec.withDefaults().read(out.resolve("grid.png"), "grid").image();
        assertTrue(grid.width() >= 4 * 32 && grid.width() <= 4 * 64 + 3 * 4, "four columns: " + grid.width());

        CliTest.Run noBin = CliTest.run("eval", "--engines", "mean-fill", "--limit", "1", "--max-side", "64",
                "--grid", "1", "--grid-bin", "(0.7,0.8]", "--out", out.toString());
        assertEquals(2, noBin.code());
        assertTrue(noBin.err().contains("--grid-bin") && noBin.err().contains("no case in bin '(0.7,0.8]'"), noBin.err());
        CliTest.Run study = CliTest.run("eval", "--study", "texture", "--grid", "2", "--out", out.toString());
        assertEquals(2, study.code());
        assertTrue(study.err().contains("--grid") && study.err().contains("not a study's"), study.err());
    }

    @Test
    void studiesWriteTheirOwnTables(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.run("eval", "--study", "texture", "--engines", "mean-fill", "--limit", "2",
                "--max-side", "96", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("study-texture.csv"));
        assertEquals(List.of("engine,texture,images,l1_pct,l2_pct,psnr,ssim,tv,ms_per_image,psnr_hole,ssim_hole,rim_roughness"), csv.subList(0, 1));
        assertTrue(csv.get(1).startsWith("mean-fill,uniform,2,") && csv.get(2).startsWith("mean-fill,complex,2,"), csv.toString());
        assertTrue(Files.exists(out.resolve("study-texture.md")));

        CliTest.Run bad = CliTest.run("eval", "--study", "attention", "--engines", "telea", "--limit", "1", "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("engine 'telea' has no attention map"), bad.err());
        CliTest.Run unknown = CliTest.run("eval", "--study", "colour", "--out", out.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown study 'colour'; studies: size, texture, replicated, attention"), unknown.err());
    }
}
