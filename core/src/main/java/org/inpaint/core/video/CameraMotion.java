package org.inpaint.core.video;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.global.opencv_calib3d;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.global.opencv_video;
import org.bytedeco.opencv.opencv_core.TermCriteria;
import org.bytedeco.opencv.opencv_core.DMatchVector;
import org.bytedeco.opencv.opencv_core.KeyPointVector;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_features2d.BFMatcher;
import org.bytedeco.opencv.opencv_features2d.ORB;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;

/**
 * Where each frame of a moving camera lies in the first frame's plane: ORB features of the background (holes left
 * out) matched to the previous frame's, a homography fitted with RANSAC, and the frame-to-frame homographies chained.
 * When too few features match (a blank wall, a cut) the previous placement is kept.
 */
final class CameraMotion implements AutoCloseable {

    private static final int FEATURES = 1500;
    private static final int MIN_INLIERS = 12;

    private final ORB orb = ORB.create(FEATURES, 1.2f, 8, 31, 0, 2, ORB.HARRIS_SCORE, 31, 20);
    private final BFMatcher matcher = new BFMatcher(opencv_core.NORM_HAMMING, true);
    private byte[] previousDescriptors;
    private int previousRows;
    private float[] previousPoints;
    private byte[] previousGray;
    private double[] toFirst = identity();

    /** The homography (row-major 3×3) from this frame's pixels to the first frame's; the first frame gets identity. */
    double[] place(RgbImage frame, Mask exclude) {
        try (PointerScope scope = new PointerScope()) {
            Mat gray = gray(frame);
            Mat allowed = allowed(exclude, frame.width(), frame.height());
            KeyPointVector keys = new KeyPointVector();
            Mat descriptors = new Mat();
            orb.detectAndCompute(gray, allowed, keys, descriptors);
            float[] points = new float[(int) keys.size() * 2];
            for (int i = 0; i < keys.size(); i++) {
                points[2 * i] = keys.get(i).pt().x();
                points[2 * i + 1] = keys.get(i).pt().y();
            }
            if (previousRows > 0 && !descriptors.empty()) {
                Mat previous = new Mat(previousRows, descriptors.cols(), descriptors.type());
                previous.data().put(previousDescriptors, 0, previousDescriptors.length);
                double[] step = toPrevious(descriptors, previous, points);
                if (step != null) {
                    Mat before = new Mat(gray.rows(), gray.cols(), opencv_core.CV_8UC1);
                    before.data().put(previousGray, 0, previousGray.length);
                    toFirst = multiply(toFirst, refine(before, gray, allowed, step));
                }
            }
            previousRows = descriptors.empty() ? 0 : descriptors.rows();
            previousDescriptors = descriptors.empty() ? null : OpenCvImages.bytes(descriptors);
            previousPoints = points;
            previousGray = OpenCvImages.bytes(gray);
        }
        return toFirst.clone();
    }

    /**
     * The homography from {@code current}'s pixels to {@code reference}'s, both grey images of one size: ORB features
     * of the allowed pixels matched across, a RANSAC fit, then ECC; null when too few features match.
     */
    double[] between(Mat current, Mat currentAllowed, Mat reference, Mat referenceAllowed) {
        KeyPointVector refKeys = new KeyPointVector();
        Mat refDescriptors = new Mat();
        orb.detectAndCompute(reference, referenceAllowed, refKeys, refDescriptors);
        KeyPointVector keys = new KeyPointVector();
        Mat descriptors = new Mat();
        orb.detectAndCompute(current, currentAllowed, keys, descriptors);
        if (refDescriptors.empty() || descriptors.empty()) {
            return null;
        }
        float[] saved = previousPoints;
        previousPoints = points(refKeys);
        try {
            double[] h = toPrevious(descriptors, refDescriptors, points(keys));
            return h == null ? null : refine(reference, current, currentAllowed, h);
        } finally {
            previousPoints = saved;
        }
    }

    private static float[] points(KeyPointVector keys) {
        float[] points = new float[(int) keys.size() * 2];
        for (int i = 0; i < keys.size(); i++) {
            points[2 * i] = keys.get(i).pt().x();
            points[2 * i + 1] = keys.get(i).pt().y();
        }
        return points;
    }

    /** The frame in grey, as features and ECC read it (in the caller's pointer scope). */
    static Mat gray(RgbImage frame) {
        Mat gray = new Mat();
        opencv_imgproc.cvtColor(OpenCvImages.toBgrMat(frame), gray, opencv_imgproc.COLOR_BGR2GRAY);
        return gray;
    }

    /** 255 where registration may look, 0 on the holes grown by 4 px (in the caller's pointer scope). */
    static Mat allowed(Mask exclude, int width, int height) {
        Mat allowed = new Mat(height, width, opencv_core.CV_8UC1);
        byte[] m = new byte[width * height];
        byte[] ex = exclude == null ? null : exclude.dilate(4).data();
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (ex != null && ex[i] != 0 ? 0 : 255);
        }
        allowed.data().put(m, 0, m.length);
        return allowed;
    }

    /** Replaces the last frame's placement by a better one (found against the panorama), so the chain goes on from it. */
    void correct(double[] frameToFirst) {
        toFirst = frameToFirst.clone();
    }

    private double[] toPrevious(Mat descriptors, Mat previous, float[] points) {
        DMatchVector matches = new DMatchVector();
        matcher.match(descriptors, previous, matches);
        int n = (int) matches.size();
        if (n < MIN_INLIERS) {
            return null;
        }
        Mat src = new Mat(n, 1, opencv_core.CV_32FC2);
        Mat dst = new Mat(n, 1, opencv_core.CV_32FC2);
        try (FloatIndexer s = src.createIndexer(); FloatIndexer d = dst.createIndexer()) {
            for (int i = 0; i < n; i++) {
                int q = matches.get(i).queryIdx(), t = matches.get(i).trainIdx();
                s.put(i, 0, 0, points[2 * q]);
                s.put(i, 0, 1, points[2 * q + 1]);
                d.put(i, 0, 0, previousPoints[2 * t]);
                d.put(i, 0, 1, previousPoints[2 * t + 1]);
            }
        }
        Mat inliers = new Mat();
        Mat h = opencv_calib3d.findHomography(src, dst, opencv_calib3d.RANSAC, 2.0, inliers, 2000, 0.995);
        if (h == null || h.empty() || opencv_core.countNonZero(inliers) < MIN_INLIERS) {
            return null;
        }
        double[] out = new double[9];
        try (DoubleIndexer idx = h.createIndexer()) {
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    out[3 * r + c] = idx.get(r, c);
                }
            }
        }
        return out;
    }

    /**
     * Sharpens a feature homography to a fraction of a pixel by maximising the enhanced correlation coefficient
     * (ECC) between the two frames; keeps the feature estimate when ECC does not converge. ECC's warp maps the
     * previous frame's pixels into this one, so it starts from, and returns, the inverse.
     */
    private static double[] refine(Mat previous, Mat current, Mat allowed, double[] toPrevious) {
        double[] fromPrevious = invert(toPrevious);
        if (fromPrevious == null) {
            return toPrevious;
        }
        Mat consistent = consistentPixels(previous, current, allowed, toPrevious);
        Mat warp = new Mat(3, 3, opencv_core.CV_32F);
        try (FloatIndexer w = warp.createIndexer()) {
            for (int i = 0; i < 9; i++) {
                w.put(i / 3, i % 3, (float) (fromPrevious[i] / fromPrevious[8]));
            }
        }
        try {
            opencv_video.findTransformECC(previous, current, warp, opencv_video.MOTION_HOMOGRAPHY,
                    new TermCriteria(TermCriteria.COUNT + TermCriteria.EPS, 60, 1e-6), consistent, 5);
        } catch (RuntimeException e) { // did not converge: the features' estimate stands
            return toPrevious;
        }
        double[] refined = new double[9];
        try (FloatIndexer w = warp.createIndexer()) {
            for (int i = 0; i < 9; i++) {
                refined[i] = w.get(i / 3, i % 3);
            }
        }
        double[] back = invert(refined);
        return back == null ? toPrevious : back;
    }

    /** Grey levels of difference, after the feature fit, above which a pixel is taken for something moving. */
    private static final int MOVING = 24;

    /**
     * The allowed pixels that the features' homography already explains: where the previous frame, warped by it,
     * differs from the current one by more than {@value #MOVING} grey levels (blurred, grown by 3 px) something moves
     * on its own, and ECC, which weighs every pixel, would be pulled along with it.
     */
    private static Mat consistentPixels(Mat previous, Mat current, Mat allowed, double[] toPrevious) {
        Mat h = new Mat(3, 3, opencv_core.CV_64F);
        try (DoubleIndexer idx = h.createIndexer()) {
            for (int i = 0; i < 9; i++) {
                idx.put(i / 3, i % 3, toPrevious[i]);
            }
        }
        Mat warped = new Mat();
        opencv_imgproc.warpPerspective(previous, warped, h, current.size(),
                opencv_imgproc.INTER_LINEAR | opencv_imgproc.WARP_INVERSE_MAP, opencv_core.BORDER_REPLICATE, new org.bytedeco.opencv.opencv_core.Scalar(0.0));
        Mat a = new Mat(), b = new Mat(), diff = new Mat(), moving = new Mat();
        org.bytedeco.opencv.opencv_core.Size k = new org.bytedeco.opencv.opencv_core.Size(5, 5);
        opencv_imgproc.GaussianBlur(warped, a, k, 0);
        opencv_imgproc.GaussianBlur(current, b, k, 0);
        opencv_core.absdiff(a, b, diff);
        opencv_imgproc.threshold(diff, moving, MOVING, 255, opencv_imgproc.THRESH_BINARY);
        opencv_imgproc.dilate(moving, moving, opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE,
                new org.bytedeco.opencv.opencv_core.Size(7, 7)));
        Mat keep = new Mat();
        opencv_core.bitwise_not(moving, keep);
        Mat out = new Mat();
        opencv_core.bitwise_and(keep, allowed, out);
        // too little left (a fit that is simply wrong): ECC on what was allowed, as before
        return opencv_core.countNonZero(out) < allowed.total() / 4 ? allowed : out;
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], k = m[8];
        double det = a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
        if (Math.abs(det) < 1e-12) {
            return null;
        }
        return new double[] {(e * k - f * h) / det, (c * h - b * k) / det, (b * f - c * e) / det,
            (f * g - d * k) / det, (a * k - c * g) / det, (c * d - a * f) / det,
            (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det};
    }

    static double[] identity() {
        return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }

    static double[] multiply(double[] a, double[] b) {
        double[] out = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[3 * r + c] = a[3 * r] * b[c] + a[3 * r + 1] * b[3 + c] + a[3 * r + 2] * b[6 + c];
            }
        }
        return out;
    }

    @Override
    public void close() {
        orb.close();
        matcher.close();
    }
}
