package org.inpaint.training.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColourPaletteTest {

    private static final int W = 16, H = 8;

    /** Left half red, right half blue, with a slight texture and one blue speck inside the red half. */
    private static RgbImage twoColours() {
        RgbImage img = RgbImage.blank(W, H);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int t = (x * 7 + y * 3) % 5 * 4;
                boolean red = x < W / 2;
                img.set(x, y, 0, red ? 200 + t : 30);
                img.set(x, y, 1, 30 + t);
                img.set(x, y, 2, red ? 30 : 200 + t);
            }
        }
        img.set(3, 4, 0, 30);
        img.set(3, 4, 2, 210);
        return img;
    }

    @Test
    void labConversionOfReferenceColours() {
        assertArrayEquals(new double[] {100, 0, 0}, ColourPalette.srgbToLab(255, 255, 255), 0.01);
        assertArrayEquals(new double[] {0, 0, 0}, ColourPalette.srgbToLab(0, 0, 0), 1e-9);
        // sRGB red is L*a*b* (53.24, 80.09, 67.20) under D65
        assertArrayEquals(new double[] {53.24, 80.09, 67.20}, ColourPalette.srgbToLab(255, 0, 0), 0.05);
    }

    @Test
    void twoColoursGiveTwoClassesSplitAtTheBoundary() {
        RgbImage img = twoColours();
        ColourPalette palette = ColourPalette.fit(List.of(img), 2, 1000, 20, 3);
        int[] nearest = palette.nearestLabels(img);
        int left = nearest[0], right = nearest[W - 1];
        assertNotEquals(left, right);
        assertEquals(right, nearest[4 * W + 3], "before smoothing the speck is blue");

        ClassMap map = palette.label(img, 1);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(x < W / 2 ? left : right, map.labels()[y * W + x], "label at " + x + "," + y);
                float sum = 0;
                for (int c = 0; c < 2; c++) {
                    sum += map.probabilities()[c * W * H + y * W + x];
                }
                assertEquals(1f, sum, 1e-6f);
            }
        }
        // interior pixel next to the boundary: 2 of its 3 window columns are left-coloured
        assertEquals(2f / 3f, map.probabilities()[left * W * H + 2 * W + 7], 1e-6f);
        assertEquals(1f / 3f, map.probabilities()[left * W * H + 2 * W + 8], 1e-6f);
    }

    @Test
    void classesAreOrderedByLightness() {
        double[][] c = ColourPalette.fit(List.of(twoColours()), 2, 1000, 20, 4).centres();
        assertTrue(c[0][0] <= c[1][0]);
    }

    @Test
    void moreClassesThanColoursStillLabelsEveryPixel() {
        ColourPalette palette = ColourPalette.fit(List.of(twoColours()), 8, 1000, 20, 5);
        assertEquals(8, palette.classes());
        for (int l : palette.label(twoColours(), 1).labels()) {
            assertTrue(l >= 0 && l < 8);
        }
    }

    @Test
    void savedPaletteLoadsBackAndLabelsTheSame(@TempDir Path dir) throws Exception {
        ColourPalette palette = ColourPalette.fit(List.of(twoColours()), 3, 1000, 20, 6);
        Path file = dir.resolve("palette.json");
        palette.save(file);
        ColourPalette back = ColourPalette.load(file);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(palette.centres()[i], back.centres()[i], 0);
        }
        assertArrayEquals(palette.nearestLabels(twoColours()), back.nearestLabels(twoColours()));
    }

    @Test
    void classMapAsArrays() {
        ClassMap map = ColourPalette.fit(List.of(twoColours()), 2, 1000, 20, 7).label(twoColours(), 1);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            assertEquals(new Shape(1, H, W), map.labels(m).getShape());
            assertEquals(new Shape(1, 2, H, W), map.probabilities(m).getShape());
        }
    }
}
