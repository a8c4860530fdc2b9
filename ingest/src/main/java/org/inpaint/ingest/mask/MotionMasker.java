package org.inpaint.ingest.mask;

import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.video.BackgroundModel;
import org.inpaint.core.video.SceneBackground;

/**
 * "Remove whatever moves": holes where a frame differs from its {@link SceneBackground} (in the frame's own
 * exposure; for a moving camera after registration, less what a fraction of a pixel of misregistration explains,
 * and nothing where the background was never seen). The largest channel difference (not diffed: that would lose thin
 * things that move, like a fluttering tape) is thresholded with hysteresis:
 * a pixel above {@code high}, or above {@code low} where the previous frame had a hole (so a person who stands still
 * and matches the background in places stays whole), is strong; regions above {@code low} within {@code reach}
 * pixels of a strong one are kept when they hold one. Kept regions
 * smaller than {@code minArea} are dropped, the rest are closed, their inner holes filled and grown by {@code grow}
 * pixels to cover soft edges. Shadows differ from the background too and so are holes: a removed person must not
 * leave a walking shadow. The stream learns the model from what stays outside the holes (see
 * {@link #background()}).
 */
public final class MotionMasker implements MaskProvider {

    /** Tuning; the defaults were measured on the street clip (docs/quality.md). */
    public record Settings(int low, int high, int reach, int minArea, int close, int grow, float misregistration, Mask region) {

        public static Settings defaults() {
            return new Settings(22, 38, 6, 4, 3, 4, 1.5f, null);
        }

        public Settings withRegion(Mask r) {
            return new Settings(low, high, reach, minArea, close, grow, misregistration, r);
        }
    }

    private final Settings settings;
    private final SceneBackground model;
    private Mask previous;

    public MotionMasker(Settings settings, SceneBackground model) {
        this.settings = settings;
        this.model = model;
    }

    public MotionMasker(Settings settings) {
        this(settings, new BackgroundModel());
    }

    @Override
    public Optional<SceneBackground> background() {
        return Optional.of(model);
    }

    @Override
    public synchronized void prime(List<RgbImage> samples, long[] indices) {
        if (!samples.isEmpty()) {
            model.prime(samples, null, indices);
            previous = null;
        }
    }

    @Override
    public synchronized Mask maskFor(RgbImage frame) {
        Mask region = settings.region();
        if (region != null && (region.width() != frame.width() || region.height() != frame.height())) {
            throw InpaintException.badInput("mask.region", "the motion region is " + region.width() + "x"
                    + region.height() + " but the frames are " + frame.width() + "x" + frame.height());
        }
        if (previous != null && (previous.width() != frame.width() || previous.height() != frame.height())) {
            previous = null;
        }
        SceneBackground.View view = model.view(frame, previous);
        if (!view.trusted()) {
            previous = null;
            return Mask.empty(frame.width(), frame.height());
        }
        byte[] diff = difference(view.compared(), view.background());
        if (!model.framesAligned()) {
            forgiveMisregistration(diff, view.background());
        }
        if (view.unknown() != null) {
            byte[] u = view.unknown().data();
            for (int i = 0; i < diff.length; i++) {
                if (u[i] != 0) {
                    diff[i] = 0;
                }
            }
        }
        Mask holes = holes(diff, frame.width(), frame.height());
        if (region != null) {
            holes = intersect(holes, region);
        }
        previous = holes;
        return holes;
    }

    /** The largest channel difference per pixel. */
    private static byte[] difference(RgbImage frame, RgbImage background) {
        byte[] f = frame.data();
        byte[] b = background.data();
        byte[] diff = new byte[frame.width() * frame.height()];
        for (int i = 0; i < diff.length; i++) {
            int d = Math.max(Math.abs((f[3 * i] & 0xFF) - (b[3 * i] & 0xFF)),
                    Math.max(Math.abs((f[3 * i + 1] & 0xFF) - (b[3 * i + 1] & 0xFF)),
                            Math.abs((f[3 * i + 2] & 0xFF) - (b[3 * i + 2] & 0xFF))));
            diff[i] = (byte) d;
        }
        return diff;
    }

    /**
     * A moving camera's registration is off by a fraction of a pixel here and there, which on an edge of slope g
     * grey levels a pixel makes a difference of about g times the error. So the difference is lowered by
     * {@code misregistration} times the steepest slope of the background within a pixel: textured background stops
     * looking like motion, while an object, which differs from the background by far more than its slope, stays.
     */
    private void forgiveMisregistration(byte[] diff, RgbImage background) {
        int w = background.width(), h = background.height();
        try (PointerScope scope = new PointerScope()) {
            Mat bgr = new Mat(h, w, opencv_core.CV_8UC3);
            bgr.data().put(background.data(), 0, background.data().length);
            Mat dx = new Mat(), dy = new Mat(), slope = new Mat();
            // Sobel's 3x3 kernel answers 8 to a ramp of one grey level a pixel
            opencv_imgproc.Sobel(bgr, dx, opencv_core.CV_16S, 1, 0, 3, 1.0 / 8, 0, opencv_core.BORDER_REPLICATE);
            opencv_imgproc.Sobel(bgr, dy, opencv_core.CV_16S, 0, 1, 3, 1.0 / 8, 0, opencv_core.BORDER_REPLICATE);
            opencv_core.convertScaleAbs(dx, dx);
            opencv_core.convertScaleAbs(dy, dy);
            opencv_core.max(dx, dy, slope);
            Mat gray = new Mat();
            MatVector channels = new MatVector();
            opencv_core.split(slope, channels);
            opencv_core.max(channels.get(0), channels.get(1), gray);
            opencv_core.max(gray, channels.get(2), gray);
            opencv_imgproc.dilate(gray, gray, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_RECT, new Size(3, 3)));
            byte[] g = new byte[w * h];
            gray.data().get(g, 0, g.length);
            float k = settings.misregistration();
            for (int i = 0; i < diff.length; i++) {
                int d = (diff[i] & 0xFF) - Math.round(k * (g[i] & 0xFF));
                diff[i] = (byte) Math.max(0, d);
            }
        }
    }

    private Mask holes(byte[] diff, int w, int h) {
        try (PointerScope scope = new PointerScope()) {
            byte[] prev = previous == null ? null : previous.data();
            byte[] strong = new byte[diff.length];
            for (int i = 0; i < diff.length; i++) {
                int v = diff[i] & 0xFF;
                if (v > settings.high() || (v > settings.low() && prev != null && prev[i] != 0)) {
                    strong[i] = (byte) 255;
                }
            }
            byte[] near = strong;
            if (settings.reach() > 0) {
                Mat s = new Mat(h, w, opencv_core.CV_8UC1);
                s.data().put(strong, 0, strong.length);
                int k = 2 * settings.reach() + 1;
                opencv_imgproc.dilate(s, s, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(k, k)));
                near = new byte[strong.length];
                s.data().get(near, 0, near.length);
            }
            byte[] weak = new byte[diff.length];
            boolean[] seed = new boolean[diff.length];
            for (int i = 0; i < diff.length; i++) {
                if ((diff[i] & 0xFF) > settings.low() && near[i] != 0) {
                    weak[i] = (byte) 255;
                    seed[i] = strong[i] != 0;
                }
            }
            Mat weakMat = new Mat(h, w, opencv_core.CV_8UC1);
            weakMat.data().put(weak, 0, weak.length);
            byte[] kept = keepSeeded(weakMat, seed, w, h);
            Mat out = new Mat(h, w, opencv_core.CV_8UC1);
            out.data().put(kept, 0, kept.length);
            if (settings.close() > 1) {
                Mat k = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(settings.close(), settings.close()));
                opencv_imgproc.morphologyEx(out, out, opencv_imgproc.MORPH_CLOSE, k);
            }
            fillInnerHoles(out);
            if (settings.grow() > 0) {
                int k = 2 * settings.grow() + 1;
                opencv_imgproc.dilate(out, out, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(k, k)));
            }
            byte[] result = new byte[w * h];
            out.data().get(result, 0, result.length);
            return Mask.threshold(w, h, result, 0);
        }
    }

    /** The 8-connected regions of {@code weak} that hold a seed and are at least minArea pixels. */
    private byte[] keepSeeded(Mat weak, boolean[] seed, int w, int h) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        int n = opencv_imgproc.connectedComponentsWithStats(weak, labels, stats, centroids, 8, opencv_core.CV_32S);
        int[] lab = new int[w * h];
        new org.bytedeco.javacpp.IntPointer(labels.data()).get(lab);
        boolean[] seeded = new boolean[n];
        for (int i = 0; i < lab.length; i++) {
            if (seed[i]) {
                seeded[lab[i]] = true;
            }
        }
        boolean[] keep = new boolean[n];
        try (org.bytedeco.javacpp.indexer.IntIndexer st = stats.createIndexer()) {
            for (int i = 1; i < n; i++) {
                keep[i] = seeded[i] && st.get(i, opencv_imgproc.CC_STAT_AREA) >= settings.minArea();
            }
        }
        byte[] out = new byte[w * h];
        for (int i = 0; i < lab.length; i++) {
            if (keep[lab[i]]) {
                out[i] = (byte) 255;
            }
        }
        return out;
    }

    /** Fills every region enclosed by a hole's outline (a coat that matches the background, say). */
    private static void fillInnerHoles(Mat binary) {
        MatVector contours = new MatVector();
        opencv_imgproc.findContours(binary.clone(), contours, opencv_imgproc.RETR_EXTERNAL, opencv_imgproc.CHAIN_APPROX_SIMPLE);
        opencv_imgproc.drawContours(binary, contours, -1, new Scalar(255, 255, 255, 255), opencv_imgproc.FILLED,
                opencv_imgproc.LINE_8, new Mat(), Integer.MAX_VALUE, new Point(0, 0));
    }

    @Override
    public void close() {
        model.close();
    }

    private static Mask intersect(Mask a, Mask region) {
        byte[] out = new byte[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a.data()[i] & region.data()[i]);
        }
        return new Mask(a.width(), a.height(), out);
    }
}
