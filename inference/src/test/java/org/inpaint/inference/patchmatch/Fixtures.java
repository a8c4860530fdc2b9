package org.inpaint.inference.patchmatch;

import java.util.Random;
import org.bytedeco.opencv.global.opencv_photo;
import org.bytedeco.opencv.opencv_core.Mat;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;
import org.inpaint.testkit.Samples;

/** Test images, masks and the baselines patchmatch is compared with. */
final class Fixtures {

    private Fixtures() {
    }

    static RgbImage decode(byte[] bytes) {
        return ImageCodec.withDefaults().decode(bytes, "image").image();
    }

    /** The sample texture named like {@code word}, tiled to size x size. */
    static RgbImage tiledTexture(String word, int size) {
        RgbImage tile = decode(Samples.texture(Samples.textureNamed(word)));
        RgbImage out = RgbImage.blank(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(x, y, c, tile.get(x % tile.width(), y % tile.height(), c));
                }
            }
        }
        return out;
    }

    static RgbImage photo(String word) {
        return decode(Samples.photo(Samples.photoNamed(word)));
    }

    /** The centred crop of at most size x size. */
    static RgbImage centreCrop(RgbImage img, int size) {
        int w = Math.min(size, img.width()), h = Math.min(size, img.height());
        return img.crop(new Rect((img.width() - w) / 2, (img.height() - h) / 2, w, h));
    }

    /** A centred square covering about {@code fraction} of the image. */
    static Mask centredSquare(int w, int h, double fraction) {
        int side = (int) Math.round(Math.sqrt(fraction * w * h));
        return Mask.ofBoxes(w, h, java.util.List.of(new Rect((w - side) / 2, (h - side) / 2, side, side)));
    }

    /** Random discs (radius 5%..10% of the shorter side) until about {@code fraction} of the image is hole. */
    static Mask blobs(int w, int h, double fraction, long seed) {
        Random random = new Random(seed);
        Mask m = Mask.empty(w, h);
        int minSide = Math.min(w, h);
        while (m.holeRatio() < fraction) {
            int radius = (int) (minSide * (0.05 + 0.05 * random.nextDouble()));
            int cx = radius + random.nextInt(Math.max(1, w - 2 * radius));
            int cy = radius + random.nextInt(Math.max(1, h - 2 * radius));
            disc(m, cx, cy, radius);
        }
        return m;
    }

    /** The 15% hole of the photo tests: strokes for even seeds, blobs for odd ones. */
    static Mask photoMask(RgbImage img, long seed) {
        return seed % 2 == 0 ? strokes(img.width(), img.height(), 0.15, seed) : blobs(img.width(), img.height(), 0.15, seed);
    }

    /** Free-form brush strokes (random walks with a round brush) until about {@code fraction} is hole. */
    static Mask strokes(int w, int h, double fraction, long seed) {
        Random random = new Random(seed);
        Mask m = Mask.empty(w, h);
        int minSide = Math.min(w, h);
        while (m.holeRatio() < fraction) {
            double x = random.nextInt(w), y = random.nextInt(h);
            double angle = random.nextDouble() * 2 * Math.PI;
            int brush = (int) (minSide * (0.015 + 0.02 * random.nextDouble()));
            for (int step = 0; step < 40 && m.holeRatio() < fraction; step++) {
                angle += (random.nextDouble() - 0.5) * 1.2;
                x = Math.max(0, Math.min(w - 1, x + Math.cos(angle) * brush));
                y = Math.max(0, Math.min(h - 1, y + Math.sin(angle) * brush));
                disc(m, (int) x, (int) y, brush);
            }
        }
        return m;
    }

    private static void disc(Mask m, int cx, int cy, int radius) {
        for (int y = Math.max(0, cy - radius); y <= Math.min(m.height() - 1, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x <= Math.min(m.width() - 1, cx + radius); x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    m.set(x, y, true);
                }
            }
        }
    }

    /** The image scaled by 2 (each pixel repeated), for timings at the engine's working size. */
    static RgbImage doubled(RgbImage img) {
        RgbImage out = RgbImage.blank(2 * img.width(), 2 * img.height());
        for (int y = 0; y < out.height(); y++) {
            for (int x = 0; x < out.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(x, y, c, img.get(x / 2, y / 2, c));
                }
            }
        }
        return out;
    }

    /** The image with its hole pixels blanked (so no engine can peek at the truth). */
    static RgbImage punch(RgbImage img, Mask mask) {
        RgbImage out = img.copy();
        for (int p = 0; p < mask.data().length; p++) {
            if (mask.data()[p] != 0) {
                out.data()[3 * p] = 0;
                out.data()[3 * p + 1] = 0;
                out.data()[3 * p + 2] = 0;
            }
        }
        return out;
    }

    static RgbImage telea(RgbImage img, Mask mask) {
        try (Mat src = OpenCvImages.toBgrMat(img); Mat holes = OpenCvImages.toHoleMat(mask); Mat dst = new Mat()) {
            opencv_photo.inpaint(src, holes, dst, 3, opencv_photo.INPAINT_TELEA);
            return OpenCvImages.fromBgrMat(dst);
        }
    }

    /** Every hole pixel set to the mean colour of the known pixels. */
    static RgbImage meanFill(RgbImage img, Mask mask) {
        long[] sum = new long[3];
        long n = 0;
        byte[] px = img.data();
        for (int p = 0; p < mask.data().length; p++) {
            if (mask.data()[p] == 0) {
                for (int c = 0; c < 3; c++) {
                    sum[c] += px[3 * p + c] & 0xFF;
                }
                n++;
            }
        }
        RgbImage out = img.copy();
        for (int p = 0; p < mask.data().length; p++) {
            if (mask.data()[p] != 0) {
                for (int c = 0; c < 3; c++) {
                    out.data()[3 * p + c] = (byte) Math.round(sum[c] / (double) n);
                }
            }
        }
        return out;
    }

    /**
     * Mean gradient magnitude (forward differences of the gray level) over the hole of {@code out}, divided by
     * that of {@code truth}: 1 means the fill is as busy as the truth, near 0 means it is smooth.
     */
    static double gradientRatio(RgbImage truth, RgbImage out, Mask mask) {
        return meanGradient(out, mask) / meanGradient(truth, mask);
    }

    private static double meanGradient(RgbImage img, Mask mask) {
        int w = img.width(), h = img.height();
        double sum = 0;
        long n = 0;
        for (int y = 0; y < h - 1; y++) {
            for (int x = 0; x < w - 1; x++) {
                if (!mask.isHole(x, y)) {
                    continue;
                }
                double g = gray(img, x, y);
                double gx = gray(img, x + 1, y) - g, gy = gray(img, x, y + 1) - g;
                sum += Math.sqrt(gx * gx + gy * gy);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double gray(RgbImage img, int x, int y) {
        return 0.299 * img.get(x, y, 0) + 0.587 * img.get(x, y, 1) + 0.114 * img.get(x, y, 2);
    }
}
