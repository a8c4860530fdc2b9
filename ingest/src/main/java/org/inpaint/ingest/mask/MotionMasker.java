package org.inpaint.ingest.mask;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_video.BackgroundSubtractorMOG2;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;

/**
 * "Remove whatever moves": holes from background subtraction (OpenCV MOG2) for static cameras. Shadows are not
 * holes; small speckles are opened away; the rest is closed and grown by {@code dilate} pixels so the hole covers
 * a moving object's soft edge; components smaller than {@code minArea} pixels are ignored; an optional region
 * limits the holes to part of the frame. During the first {@code warmupFrames} frames the model is learning the
 * background and the mask is empty.
 */
public final class MotionMasker implements MaskProvider, AutoCloseable {

    /** Tuning of the masker. */
    public record Settings(int history, double varThreshold, int warmupFrames, int minArea, int dilate, Mask region) {

        public static Settings defaults() {
            return new Settings(300, 10, 20, 40, 8, null);
        }

        public Settings withRegion(Mask r) {
            return new Settings(history, varThreshold, warmupFrames, minArea, dilate, r);
        }
    }

    private final Settings settings;
    private final BackgroundSubtractorMOG2 model;
    private long frames;

    public MotionMasker(Settings settings) {
        this.settings = settings;
        this.model = opencv_video.createBackgroundSubtractorMOG2(settings.history(), settings.varThreshold(), true);
    }

    @Override
    public synchronized Mask maskFor(RgbImage frame) {
        Mask region = settings.region();
        if (region != null && (region.width() != frame.width() || region.height() != frame.height())) {
            throw org.inpaint.core.InpaintException.badInput("mask.region", "the motion region is " + region.width() + "x"
                    + region.height() + " but the frames are " + frame.width() + "x" + frame.height());
        }
        try (PointerScope scope = new PointerScope()) {
            Mat bgr = OpenCvImages.toBgrMat(frame);
            Mat fg = new Mat();
            model.apply(bgr, fg, -1);
            frames++;
            if (frames <= settings.warmupFrames()) {
                return Mask.empty(frame.width(), frame.height());
            }
            Mat binary = new Mat();
            // MOG2 marks shadows 127 and foreground 255: keep the foreground only.
            opencv_imgproc.threshold(fg, binary, 200, 255, opencv_imgproc.THRESH_BINARY);
            Mat small = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(3, 3));
            opencv_imgproc.morphologyEx(binary, binary, opencv_imgproc.MORPH_OPEN, small);
            Mat large = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(9, 9));
            opencv_imgproc.morphologyEx(binary, binary, opencv_imgproc.MORPH_CLOSE, large);
            Mat kept = dropSmallComponents(binary);
            if (settings.dilate() > 0) {
                int k = 2 * settings.dilate() + 1;
                opencv_imgproc.dilate(kept, kept, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE, new Size(k, k)));
            }
            Mask holes = Mask.threshold(frame.width(), frame.height(), OpenCvImages.bytes(kept), 0);
            return settings.region() == null ? holes : intersect(holes, settings.region());
        }
    }

    private Mat dropSmallComponents(Mat binary) {
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        int n = opencv_imgproc.connectedComponentsWithStats(binary, labels, stats, centroids, 8, org.bytedeco.opencv.global.opencv_core.CV_32S);
        boolean[] keep = new boolean[n];
        try (org.bytedeco.javacpp.indexer.IntIndexer st = stats.createIndexer()) {
            for (int i = 1; i < n; i++) {
                keep[i] = st.get(i, opencv_imgproc.CC_STAT_AREA) >= settings.minArea();
            }
        }
        int rows = binary.rows(), cols = binary.cols();
        int[] lab = new int[rows * cols];
        new org.bytedeco.javacpp.IntPointer(labels.data()).get(lab);
        byte[] kept = new byte[rows * cols];
        for (int i = 0; i < lab.length; i++) {
            if (keep[lab[i]]) {
                kept[i] = (byte) 255;
            }
        }
        Mat out = new Mat(rows, cols, CV_8UC1);
        out.data().put(kept, 0, kept.length);
        return out;
    }

    private static Mask intersect(Mask a, Mask region) {
        byte[] out = new byte[a.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (a.data()[i] & region.data()[i]);
        }
        return new Mask(a.width(), a.height(), out);
    }

    @Override
    public void close() {
        model.close();
    }

}
