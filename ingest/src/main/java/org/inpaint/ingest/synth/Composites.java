package org.inpaint.ingest.synth;

import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;

/**
 * Images whose object is known exactly: an irregular {@link CutOut} of one real photo blended (by its alpha) over
 * another, with the object's mask (alpha above one half) and the box a user would draw around it: the object's
 * bounds with a small margin.
 */
public final class Composites {

    /** The composite image, the true object mask, and the box around the object. */
    public record Composite(RgbImage image, Mask object, Rect box) {

        /** Where a user would click the object: its innermost pixel (see {@link Composites#innermost}). */
        public int[] click() {
            return innermost(object);
        }

        /**
         * Where a user would draw one stroke over the object: through the innermost pixels of the top, middle and
         * bottom thirds of its rows.
         */
        public List<int[]> scribble() {
            return stroke(object);
        }
    }

    private Composites() {
    }

    /**
     * @param longSide the scene is scaled so its longer side is this many pixels
     * @param margin   the box's margin on each side, as a fraction of the object's size (at least 2 px)
     */
    public static Composite make(RgbImage scene, RgbImage source, Random rnd, int longSide, double margin) {
        double scale = longSide / (double) Math.max(scene.width(), scene.height());
        int w = Math.max(32, (int) Math.round(scene.width() * scale)), h = Math.max(32, (int) Math.round(scene.height() * scale));
        RgbImage image = Resize.image(scene, w, h).copy(); // drawn on below; the scene stays as it was
        int oh = (int) Math.round(h * (0.2 + 0.35 * rnd.nextDouble()));
        int ow = (int) Math.round(oh * (0.5 + 1.0 * rnd.nextDouble()));
        ow = Math.min(ow, w - 8);
        CutOut cut = CutOut.random(source, rnd, ow, oh, true);
        int px = 4 + rnd.nextInt(Math.max(1, w - cut.width() - 8)), py = 4 + rnd.nextInt(Math.max(1, h - cut.height() - 8));
        byte[] out = image.data();
        byte[] tex = cut.texture().data();
        byte[] truth = new byte[w * h];
        for (int y = 0; y < cut.height(); y++) {
            for (int x = 0; x < cut.width(); x++) {
                float a = cut.alpha()[y * cut.width() + x];
                if (a <= 0) {
                    continue;
                }
                int k = (py + y) * w + px + x;
                for (int c = 0; c < 3; c++) {
                    out[3 * k + c] = (byte) Math.round((out[3 * k + c] & 0xFF) * (1 - a) + (tex[3 * (y * cut.width() + x) + c] & 0xFF) * a);
                }
                truth[k] = (byte) (a > 0.5f ? 1 : 0);
            }
        }
        Mask object = new Mask(w, h, truth);
        Rect bounds = object.holeBounds();
        int mx = Math.max(2, (int) Math.round(bounds.width() * margin)), my = Math.max(2, (int) Math.round(bounds.height() * margin));
        int x0 = Math.max(0, bounds.x() - mx), y0 = Math.max(0, bounds.y() - my);
        int x1 = Math.min(w, bounds.x() + bounds.width() + mx), y1 = Math.min(h, bounds.y() + bounds.height() + my);
        return new Composite(image, object, new Rect(x0, y0, x1 - x0, y1 - y0));
    }

    static List<int[]> stroke(Mask object) {
        int w = object.width(), h = object.height();
        byte[] d = object.data();
        Rect rows = object.holeBounds();
        List<int[]> points = new java.util.ArrayList<>();
        for (int band = 0; band < 3 && rows.height() > 0; band++) {
            int y0 = rows.y() + rows.height() * band / 3, y1 = rows.y() + rows.height() * (band + 1) / 3;
            byte[] part = new byte[d.length];
            boolean any = false;
            for (int i = y0 * w; i < y1 * w; i++) {
                part[i] = d[i];
                any |= d[i] != 0;
            }
            if (any) {
                points.add(innermost(new Mask(w, h, part)));
            }
        }
        return points;
    }

    /**
     * Where a user clicks an object: its pixel farthest from the background (city-block distance, the image's edge
     * counting as background), the first such in reading order.
     */
    static int[] innermost(Mask object) {
        try (PointerScope scope = new PointerScope()) {
            Mat inside = new Mat(object.height(), object.width(), opencv_core.CV_8UC1);
            byte[] gray = object.toGray();
            inside.data().put(gray, 0, gray.length);
            Mat bordered = new Mat();
            opencv_core.copyMakeBorder(inside, bordered, 1, 1, 1, 1, opencv_core.BORDER_CONSTANT, new Scalar(0.0));
            Mat distance = new Mat();
            opencv_imgproc.distanceTransform(bordered, distance, opencv_imgproc.DIST_L1, 3);
            Point best = new Point();
            opencv_core.minMaxLoc(distance, new DoublePointer(1), new DoublePointer(1), new Point(), best, new Mat());
            return new int[] {best.x() - 1, best.y() - 1};
        }
    }
}
