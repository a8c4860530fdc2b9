package org.inpaint.inference.patchmatch;

import java.util.Arrays;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.quality.Quality;

/**
 * Prints the quality table (patchmatch vs Telea vs mean fill, in the hole) and the timings. A main, not a test:
 * speed is measured, not asserted. Run with the test class path, e.g. after {@code mvn -pl inference
 * test-compile}: {@code java -cp inference/target/classes:inference/target/test-classes:<test deps>
 * org.inpaint.inference.patchmatch.PatchMatchReport [quality] [speed]}.
 */
public final class PatchMatchReport {

    private PatchMatchReport() {
    }

    public static void main(String[] args) {
        PatchMatchSettings settings = PatchMatchSettings.defaults();
        String what = String.join(" ", args);
        boolean quality = what.isBlank() || what.contains("quality");
        boolean speed = what.isBlank() || what.contains("speed");
        if (quality) {
            System.out.println("case                      | method     | PSNR   | SSIM   | grad ratio");
            for (String t : List.of("brick", "leaves", "pool")) {
                RgbImage truth = Fixtures.tiledTexture(t, 256);
                row(t + " square25", truth, Fixtures.centredSquare(256, 256, 0.25), settings);
                row(t + " blobs25", truth, Fixtures.blobs(256, 256, 0.25, 7), settings);
            }
            for (int i = 0; i < PatchMatchQualityTest.PHOTOS.length; i++) {
                String p = PatchMatchQualityTest.PHOTOS[i];
                RgbImage truth = Fixtures.centreCrop(Fixtures.photo(p), 256);
                Mask mask = Fixtures.photoMask(truth, 11 + i);
                row(p + ((11 + i) % 2 == 0 ? " strokes15" : " blobs15"), truth, mask, settings);
            }
        }
        if (speed) {
            RgbImage photo = Fixtures.photo("orange");
            Mask holes = Fixtures.blobs(photo.width(), photo.height(), 0.15, 3);
            time("orange 512 blobs15", photo, holes, settings);
            Mask strokes = Fixtures.strokes(photo.width(), photo.height(), 0.15, 5);
            time("orange 512 strokes15", photo, strokes, settings);
            RgbImage big = Fixtures.doubled(photo);
            time("orange 1024 blobs15", big, Fixtures.blobs(1024, 1024, 0.15, 3), settings);
            time("orange 1024 strokes15", big, Fixtures.strokes(1024, 1024, 0.15, 5), settings);
            RgbImage brick = Fixtures.tiledTexture("brick", 256);
            time("brick 256 square25", brick, Fixtures.centredSquare(256, 256, 0.25), settings);
            time("brick 256 square25 1 thread", brick, Fixtures.centredSquare(256, 256, 0.25), settings.withThreads(1));
        }
        System.exit(0);
    }

    private static void row(String name, RgbImage truth, Mask mask, PatchMatchSettings settings) {
        RgbImage input = Fixtures.punch(truth, mask);
        print(name, "patchmatch", truth, new PatchMatchCompletion(settings).complete(input, mask), mask);
        print(name, "telea", truth, Fixtures.telea(input, mask), mask);
        print(name, "mean", truth, Fixtures.meanFill(input, mask), mask);
    }

    private static void print(String name, String method, RgbImage truth, RgbImage out, Mask mask) {
        System.out.printf("%-25s | %-10s | %6.2f | %6.4f | %5.3f%n", name, method, Quality.psnr(truth, out, mask),
                Quality.ssim(truth, out, mask), Fixtures.gradientRatio(truth, out, mask));
    }

    private static void time(String name, RgbImage img, Mask mask, PatchMatchSettings settings) {
        PatchMatchCompletion completion = new PatchMatchCompletion(settings);
        RgbImage input = Fixtures.punch(img, mask);
        for (int i = 0; i < 2; i++) {
            completion.complete(input, mask);
        }
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            completion.complete(input, mask);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-28s hole %4.1f%%  median %5d ms  runs %s%n", name, 100 * mask.holeRatio(), sorted[2],
                Arrays.toString(ms));
    }
}
