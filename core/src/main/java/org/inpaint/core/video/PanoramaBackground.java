package org.inpaint.core.video;

import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * The background of a panning and zooming camera: every frame is registered to the first ({@link CameraMotion}),
 * warped onto a panorama three frames wide and two high with the first frame in its middle, and a
 * {@link BackgroundModel} of the panorama learns from it; views and fills are warped back into the frame. So the
 * background seen a few seconds ago, now out of the frame, fills the hole when the camera comes back to it. Parts of
 * the panorama a frame does not show are neither learnt nor counted as held in a hole. A moving camera's background
 * is learnt as the stream goes: samples spread over a file cannot be placed without the frames between them.
 */
final class PanoramaBackground implements SceneBackground {

    private final BackgroundModel panorama;
    /** The widest gap between sampled frames that are still registered one to the next. */
    private static final long MAX_PRIMING_GAP = 8;

    private CameraMotion motion = new CameraMotion();
    private int frameWidth = -1;
    private int frameHeight = -1;
    private int width;
    private int height;
    private RgbImage placedFrame;
    private Placement placed;

    /** A frame on the panorama: its homography (frame to panorama), its pixels there, and where it does not reach. */
    private record Placement(double[] toPanorama, RgbImage pixels, Mask outside) {
    }

    PanoramaBackground(BackgroundModel.Settings settings) {
        this.panorama = new BackgroundModel(new BackgroundModel.Settings(1, settings.learnRate(), settings.maxStep(),
                settings.absorbAfterFrames(), settings.learnMargin()));
    }

    @Override
    public synchronized boolean isPrimed() {
        return panorama.isPrimed();
    }

    @Override
    public synchronized long observed() {
        return panorama.observed();
    }

    @Override
    public boolean framesAligned() {
        return false;
    }

    /**
     * Registers the samples one to the next, places them on the panorama and starts its model from the colour most
     * of them agree on there; the stream then registers its frames again from the first. Samples further apart than
     * {@value #MAX_PRIMING_GAP} frames are not used (they could not be registered): the model learns as it goes.
     */
    @Override
    public synchronized void prime(List<RgbImage> frames, List<Mask> holes, long[] indices) {
        if (frames.isEmpty() || indices == null || indices.length != frames.size() || indices[0] != 0) {
            return;
        }
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] - indices[i - 1] > MAX_PRIMING_GAP) {
                return;
            }
        }
        // twice: the second pass registers every sample against the panorama the first one built, which undoes
        // the drift of the chained frame-to-frame registration
        for (int pass = 0; pass < 2; pass++) {
            List<RgbImage> placedFrames = new java.util.ArrayList<>();
            List<Mask> placedHoles = new java.util.ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                Mask h = holes == null ? null : holes.get(i);
                Placement p = place(frames.get(i), h);
                placedFrames.add(p.pixels());
                placedHoles.add(union(toPanorama(h, p), p.outside()));
            }
            panorama.prime(placedFrames, placedHoles);
            motion.close();
            motion = new CameraMotion();
            placed = null;
            placedFrame = null;
        }
    }

    @Override
    public synchronized View view(RgbImage frame, Mask exclude) {
        Placement p = place(frame, exclude);
        View onPanorama = panorama.view(p.pixels(), union(toPanorama(exclude, p), p.outside()));
        RgbImage background = new RgbImage(frame.width(), frame.height(), toFrame(onPanorama.background().data(), 3, p, false));
        RgbImage compared = new RgbImage(frame.width(), frame.height(), toFrame(p.pixels().data(), 3, p, false));
        return new View(frame, onPanorama.exposure(), background, onPanorama.trusted(), compared, unknownInFrame(onPanorama.unknown(), p));
    }

    /** Frame pixels whose panorama point was never learnt or lies beyond the panorama; null when there are none. */
    private Mask unknownInFrame(Mask unknownOnPanorama, Placement p) {
        byte[] back = toFrame(known(unknownOnPanorama), 1, p, true);
        byte[] out = new byte[back.length];
        boolean any = false;
        for (int i = 0; i < out.length; i++) {
            if (back[i] == 0) {
                out[i] = 1;
                any = true;
            }
        }
        return any ? new Mask(frameWidth, frameHeight, out) : null;
    }

    @Override
    public synchronized void observe(RgbImage frame, Mask holes) {
        Placement p = place(frame, holes);
        panorama.observe(p.pixels(), toPanorama(holes, p), p.outside());
    }

    @Override
    public synchronized Mask fillable(RgbImage frame, Mask holes, long maxAge) {
        Placement p = place(frame, holes);
        Mask everywhere = new Mask(width, height, ones(width * height));
        Mask fresh = panorama.fillable(p.pixels(), everywhere, maxAge);
        byte[] back = toFrame(fresh.toGray(), 1, p, true);
        byte[] h = holes.data();
        byte[] out = new byte[h.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (h[i] != 0 && (back[i] & 0xFF) > 127 ? 1 : 0);
        }
        return new Mask(frame.width(), frame.height(), out);
    }

    /** Registers the frame (once per frame: later calls with other hints reuse the first placement). */
    private Placement place(RgbImage frame, Mask exclude) {
        if (placedFrame == frame && placed != null) {
            return placed;
        }
        if (frameWidth != frame.width() || frameHeight != frame.height()) {
            frameWidth = frame.width();
            frameHeight = frame.height();
            width = 3 * frameWidth;
            height = 2 * frameHeight;
        }
        double[] toFirst = motion.place(frame, exclude);
        double[] shift = {1, 0, frameWidth, 0, 1, frameHeight / 2.0, 0, 0, 1};
        double[] h = CameraMotion.multiply(shift, toFirst);
        double[] aligned = alignToPanorama(frame, exclude, h);
        if (aligned != null) {
            h = aligned;
            double[] unshift = {1, 0, -frameWidth, 0, 1, -frameHeight / 2.0, 0, 0, 1};
            motion.correct(CameraMotion.multiply(unshift, h));
        }
        byte[] pixels = warp(frame.data(), frame.width(), frame.height(), 3, h, width, height, false, opencv_imgproc.INTER_LINEAR);
        byte[] reach = warp(filled(frame.width() * frame.height()), frame.width(), frame.height(), 1, h, width, height, false,
                opencv_imgproc.INTER_NEAREST);
        byte[] outside = new byte[width * height];
        for (int i = 0; i < outside.length; i++) {
            outside[i] = (byte) (reach[i] == 0 ? 1 : 0);
        }
        placed = new Placement(h, new RgbImage(width, height, pixels), new Mask(width, height, outside));
        placedFrame = frame;
        return placed;
    }

    /**
     * The frame's placement {@code h} (frame to panorama) refined by ECC against the panorama's estimate rendered
     * where {@code h} puts the frame, so each frame is registered to the model rather than only to the previous
     * frame, whose small errors add up along a pan. Null before the panorama is primed or when too few features
     * match.
     */
    private double[] alignToPanorama(RgbImage frame, Mask exclude, double[] h) {
        BackgroundModel.Estimate estimate = panorama.isPrimed() ? panorama.estimate() : null;
        if (estimate == null) {
            return null;
        }
        int fw = frame.width(), fh = frame.height();
        byte[] rendered = warp(estimate.image().data(), width, height, 3, h, fw, fh, true, opencv_imgproc.INTER_LINEAR);
        byte[] seen = warp(known(estimate.unknown()), width, height, 1, h, fw, fh, true, opencv_imgproc.INTER_NEAREST);
        double[] correction;
        try (PointerScope scope = new PointerScope()) {
            Mat reference = CameraMotion.gray(new RgbImage(fw, fh, rendered));
            Mat referenceAllowed = new Mat(fh, fw, opencv_core.CV_8UC1);
            referenceAllowed.data().put(seen, 0, seen.length);
            correction = motion.between(CameraMotion.gray(frame), CameraMotion.allowed(exclude, fw, fh), reference, referenceAllowed);
        }
        return correction == null ? null : CameraMotion.multiply(h, correction);
    }

    /** 255 where the panorama was learnt, 0 where {@code unknown} (may be null) says it never was. */
    private byte[] known(Mask unknown) {
        byte[] known = filled(width * height);
        if (unknown != null) {
            byte[] u = unknown.data();
            for (int i = 0; i < known.length; i++) {
                if (u[i] != 0) {
                    known[i] = 0;
                }
            }
        }
        return known;
    }

    private Mask toPanorama(Mask frameMask, Placement p) {
        if (frameMask == null) {
            return null;
        }
        byte[] w = warp(frameMask.toGray(), frameMask.width(), frameMask.height(), 1, p.toPanorama(), width, height, false,
                opencv_imgproc.INTER_NEAREST);
        return Mask.threshold(width, height, w, 127);
    }

    private byte[] toFrame(byte[] panoramaData, int channels, Placement p, boolean nearest) {
        return warp(panoramaData, width, height, channels, p.toPanorama(), frameWidth, frameHeight, true,
                nearest ? opencv_imgproc.INTER_NEAREST : opencv_imgproc.INTER_LINEAR);
    }

    /** warpPerspective of raw bytes; {@code inverse} reads the source through {@code h} (destination = frame). */
    private static byte[] warp(byte[] src, int sw, int sh, int channels, double[] h, int dw, int dh, boolean inverse, int interpolation) {
        try (PointerScope scope = new PointerScope()) {
            int type = channels == 3 ? opencv_core.CV_8UC3 : opencv_core.CV_8UC1;
            Mat in = new Mat(sh, sw, type);
            in.data().put(src, 0, src.length);
            Mat m = new Mat(3, 3, opencv_core.CV_64F);
            try (DoubleIndexer idx = m.createIndexer()) {
                for (int i = 0; i < 9; i++) {
                    idx.put(i / 3, i % 3, h[i]);
                }
            }
            Mat out = new Mat();
            opencv_imgproc.warpPerspective(in, out, m, new Size(dw, dh),
                    interpolation | (inverse ? opencv_imgproc.WARP_INVERSE_MAP : 0), opencv_core.BORDER_CONSTANT, new Scalar(0.0));
            byte[] bytes = new byte[dw * dh * channels];
            out.data().get(bytes, 0, bytes.length);
            return bytes;
        }
    }

    private static byte[] ones(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 1);
        return b;
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 255);
        return b;
    }

    @Override
    public synchronized void close() {
        motion.close();
    }

    private static Mask union(Mask a, Mask b) {
        return a == null ? b : a.union(b);
    }
}
