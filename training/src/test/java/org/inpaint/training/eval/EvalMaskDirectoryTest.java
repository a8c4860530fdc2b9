package org.inpaint.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.training.masks.HoleRatioBin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalMaskDirectoryTest {

    private static final ImageCodec CODEC = ImageCodec.withDefaults();

    private static void writeMask(Path dir, String file, int w, int h, Rect hole) throws Exception {
        Files.write(dir.resolve(file), new MaskCodec(CODEC).encode(Mask.ofBoxes(w, h, List.of(hole)), ImageFormat.PNG));
    }

    private static Evaluation.Sample sample(String name) {
        RgbImage img = RgbImage.blank(40, 20);
        for (int i = 0; i < img.data().length; i++) {
            img.data()[i] = (byte) (i * 7);
        }
        return new Evaluation.Sample(name, img);
    }

    @Test
    void masksAreMatchedByNameAndBinnedByTheirMeasuredHoleRatio(@TempDir Path dir) throws Exception {
        // 40x20 = 800 pixels
        writeMask(dir, "a__small.png", 40, 20, new Rect(0, 0, 10, 12));   // 120 px = 0.15
        writeMask(dir, "a__big.png", 40, 20, new Rect(0, 0, 20, 18));     // 360 px = 0.45
        writeMask(dir, "b__1.png", 40, 20, new Rect(5, 5, 4, 10));        // 40 px = 0.05
        writeMask(dir, "b__2.png", 40, 20, new Rect(0, 0, 20, 6));        // 120 px = 0.15
        writeMask(dir, "ab__1.png", 40, 20, new Rect(0, 0, 40, 19));      // belongs to ab.jpg, not a.jpg
        writeMask(dir, "a_1.png", 40, 20, new Rect(0, 0, 40, 19));        // one underscore: not a mask of a.jpg
        writeMask(dir, "a__3.jpg", 40, 20, new Rect(0, 0, 40, 19));       // not a PNG
        List<Evaluation.Case> cases = MaskDirectory.cases(List.of(sample("a.jpg"), sample("b.png")), dir, CODEC);

        assertEquals(List.of("(0,0.1]", "(0.1,0.2]", "(0.1,0.2]", "(0.4,0.5]"), cases.stream().map(Evaluation.Case::group).toList());
        assertEquals(List.of("b.png", "a.jpg", "b.png", "a.jpg"), cases.stream().map(c -> c.sample().name()).toList());
        assertEquals(0.45, cases.get(3).mask().holeRatio(), 1e-12);

        List<EvalRow> rows = Evaluation.run(cases, List.of(new EngineSelection.Choice(MeanFill.NAME, MeanFill::new)),
                RoiPlanner.withDefaults(), s -> { });
        assertEquals(List.of("(0,0.1]:1", "(0.1,0.2]:2", "(0.4,0.5]:1"),
                rows.stream().map(r -> r.group() + ":" + r.images()).toList());
    }

    @Test
    void anImageWithoutMasksOrAMaskOfTheWrongSizeIsAnError(@TempDir Path dir) throws Exception {
        writeMask(dir, "a__1.png", 40, 20, new Rect(0, 0, 10, 10));
        InpaintException none = assertThrows(InpaintException.class,
                () -> MaskDirectory.cases(List.of(sample("a.jpg"), sample("c.jpg")), dir, CODEC));
        assertEquals("--masks", none.field());
        assertTrue(none.getMessage().contains("c.jpg") && !none.getMessage().contains("a.jpg"), none.getMessage());

        writeMask(dir, "c__1.png", 30, 20, new Rect(0, 0, 10, 10));
        InpaintException size = assertThrows(InpaintException.class,
                () -> MaskDirectory.cases(List.of(sample("c.jpg")), dir, CODEC));
        assertTrue(size.getMessage().contains("c__1.png is 30x20 but c.jpg is 40x20"), size.getMessage());
    }

    @Test
    void tenthsOfTheUnitIntervalMatchThePapersBins() {
        assertEquals(HoleRatioBin.PAPER_BINS.get(0), HoleRatioBin.tenthOf(0.15));
        assertEquals(HoleRatioBin.PAPER_BINS.get(1), HoleRatioBin.tenthOf(0.3), "bins are (lo, hi]");
        assertEquals(HoleRatioBin.PAPER_BINS.get(1), HoleRatioBin.tenthOf(0.1 + 0.2), "0.30000000000000004 is 0.3");
        assertEquals("(0,0.1]", HoleRatioBin.tenthOf(1e-6).label());
        assertEquals("(0.9,1]", HoleRatioBin.tenthOf(1.0).label());
        assertThrows(IllegalArgumentException.class, () -> HoleRatioBin.tenthOf(0));
    }
}
