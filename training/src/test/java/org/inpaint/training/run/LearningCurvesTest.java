package org.inpaint.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurvesTest {

    @Test
    void aRunsValidationsAreReadAsGainAgainstTrainingHours(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("lbam-a"));
        Files.writeString(run.resolve("val.jsonl"), """
                {"step":250,"train_seconds":900.0,"val_l1_hole":0.07,"val_psnr":25.0,"ns_psnr":24.9,"gain_db":0.1}
                {"step":500,"train_seconds":1800.0,"val_l1_hole":0.069,"val_psnr":25.3,"ns_psnr":24.9,"gain_db":0.4}

                """);
        LearningCurves.Curve c = LearningCurves.read(run);
        assertEquals("lbam-a", c.run());
        assertEquals(List.of(new LearningCurves.Point(250, 0.25, 0.1), new LearningCurves.Point(500, 0.5, 0.4)), c.points());
        assertTrue(LearningCurves.read(Files.createDirectories(dir.resolve("new"))).points().isEmpty(), "no validation yet");
    }

    @Test
    void curvesAreDrawnAgainstCpuHoursOnlyWhereEveryPointHasThem(@TempDir Path dir) throws Exception {
        Path run = Files.createDirectories(dir.resolve("deepfill-b"));
        Files.writeString(run.resolve("val.jsonl"), """
                {"step":250,"train_seconds":900.0,"cpu_seconds":1710.0,"val_l1_hole":0.07,"val_psnr":25.0,"ns_psnr":24.9,"gain_db":0.1}
                """);
        LearningCurves.Curve withCpu = LearningCurves.read(run);
        assertEquals(List.of(new LearningCurves.Point(250, 0.25, 0.475, 0.1)), withCpu.points());
        LearningCurves.Curve wallOnly = new LearningCurves.Curve("older", List.of(new LearningCurves.Point(250, 0.25, 0.2)));
        assertTrue(LearningCurves.plotsCpuHours(List.of(withCpu)));
        assertTrue(!LearningCurves.plotsCpuHours(List.of(withCpu, wallOnly)), "one older run puts every curve on wall hours");
    }

    @Test
    void everyCurveIsDrawnInItsColourAndTheFloorIsBlack(@TempDir Path dir) throws Exception {
        List<LearningCurves.Curve> curves = List.of(
                new LearningCurves.Curve("a", List.of(new LearningCurves.Point(1, 0, 0), new LearningCurves.Point(2, 1, 1.0))),
                new LearningCurves.Curve("b", List.of(new LearningCurves.Point(1, 0, 0), new LearningCurves.Point(2, 2, -0.2))),
                new LearningCurves.Curve("empty", List.of()));
        Path png = dir.resolve("out/curves.png");
        LearningCurves.write(curves, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(760, img.getWidth());
        int[] found = new int[3];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                found[0] += rgb == (LearningCurves.PALETTE[0].getRGB() & 0xFFFFFF) ? 1 : 0;
                found[1] += rgb == (LearningCurves.PALETTE[1].getRGB() & 0xFFFFFF) ? 1 : 0;
                found[2] += rgb == 0 ? 1 : 0;
            }
        }
        assertTrue(found[0] > 100 && found[1] > 100 && found[2] > 100, "pixels of a, b and the floor: " + java.util.Arrays.toString(found));
        assertThrows(IllegalArgumentException.class, () -> LearningCurves.write(List.of(curves.get(2)), png));
    }

    @Test
    void aLongRunNameWidensTheImageSoItsLegendIsNotCut(@TempDir Path dir) throws Exception {
        String name = "deepfill-w05-ns-in-skip-2e-3-and-a-much-longer-tail";
        Path png = dir.resolve("long.png");
        LearningCurves.write(List.of(new LearningCurves.Curve(name,
                List.of(new LearningCurves.Point(1, 0, 0), new LearningCurves.Point(2, 1, 0.25)))), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 760, "width " + img.getWidth());
        int lastInk = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < 60; y++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    lastInk = x;
                }
            }
        }
        assertTrue(lastInk < img.getWidth() - 4, "the label runs to column " + lastInk + " of " + img.getWidth());
    }

    @Test
    void hoursAxesEndOnARoundNumber() {
        assertEquals(0.25, LearningCurves.niceCeiling(0.21), 1e-12);
        assertEquals(5, LearningCurves.niceCeiling(4.27), 1e-12);
        assertEquals(1, LearningCurves.niceCeiling(1), 1e-12);
        assertEquals(10, LearningCurves.niceCeiling(7.5), 1e-12);
        assertEquals(15, LearningCurves.niceCeiling(13.2), 1e-12);
        assertEquals(2, LearningCurves.niceCeiling(1.6), 1e-12);
    }
}
