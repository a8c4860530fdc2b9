package org.inpaint.core.video;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Carries other moving objects through a hole, for a still camera whose hole removes one selected object and must
 * keep the rest. Where the selected object passes in front of another moving object, the truth inside the hole is
 * that other object, which the background never held. Each object seen in the previous completed frame (its pixels
 * that differ from the background, including what was carried into the previous hole) moves on by one translation,
 * the shift that best matches its pixels both frames show, and is pasted into this frame's hole where it lands.
 *
 * <p>An object is a connected region of the previous frame's foreground, opened by {@value #OPEN_RADIUS} px so
 * that the thin rim a segmentation leaves around the selected object (and noise) is not carried. Objects with
 * fewer than {@value #MIN_VISIBLE} pixels visible in both frames give no reliable motion and are not carried.
 * Objects that touch form one region but may move apart, so near the holes each {@value #TILE} px tile takes its
 * own shift where that matches clearly better. Pixels carried into a hole keep their move while they stay hidden,
 * even where their colour is too close to the background's to count as foreground; an object that keeps pace with
 * the holes is taken for a piece of the selected object and not carried. Causal: it works on live streams.
 */
public final class ForegroundCarry {

    /** Max channel difference from the background that marks a pixel as belonging to a moving object. */
    static final int FOREGROUND_THRESHOLD = 40;
    static final int OPEN_RADIUS = 2;
    static final int MIN_VISIBLE = 24;
    static final int MIN_AREA = 64;
    /** The largest move per frame looked for: this many pixels, or a 32nd of the frame's side if more. */
    static final int MIN_REACH = 12;
    static final int MAX_SAMPLES = 1500;
    /** The side of the tiles an object's move is measured on. */
    static final int TILE = 24;
    /** A tile's own shift is taken over its object's when it matches with less than this share of the error. */
    static final double CLEARLY_BETTER = 0.6;
    /** A tile measures its own shift only where this share of it is the object, seen in both frames. */
    static final double TILE_SHARE = 0.4;
    /** An object whose move is within this many pixels of the holes' own is taken for part of the selected object. */
    static final double SAME_PACE = 1.5;

    /** This frame's holes with the carried pixels pasted, and the holes still left to fill. */
    public record Result(RgbImage image, Mask remaining, long carried) {
    }

    private RgbImage previousFrame;
    private RgbImage previousOutput;
    private byte[] previousForeground;
    private byte[] previousHoles;
    /** The previous frame's hole pixels that were carried, and the move each was carried with. */
    private byte[] previousCarried;
    private int[] previousMoveX;
    private int[] previousMoveY;
    // per-pixel work arrays, kept from frame to frame (a frame's worth of them per frame would be garbage at video rate)
    private byte[] moving;
    private int[] moveX;
    private int[] moveY;
    private byte[] nextCarried;
    private int[] nextMoveX;
    private int[] nextMoveY;

    /**
     * @param frame      the camera's frame (the selected object still in it)
     * @param holes      where the selected object is
     * @param filled     the frame with its holes filled from the background where it could be
     * @param remaining  the holes {@code filled} could not fill (they still show the selected object)
     * @param background the background as this frame sees it (its exposure)
     */
    public synchronized Result apply(RgbImage frame, Mask holes, RgbImage filled, Mask remaining, RgbImage background) {
        int w = frame.width(), h = frame.height();
        if (previousFrame == null || previousFrame.width() != w || previousFrame.height() != h || holes.isEmpty()) {
            allocate(w * h);
            remember(frame, holes, filled, remaining, background);
            return new Result(filled, remaining, 0);
        }
        RgbImage out = filled.copy();
        byte[] rest = remaining.data().clone();
        long carried = carry(frame, holes, out, rest);
        Mask left = carried == 0 ? remaining : new Mask(w, h, rest);
        remember(frame, holes, out, left, background);
        return new Result(out, left, carried);
    }

    private long carry(RgbImage frame, Mask holeMask, RgbImage out, byte[] rest) {
        byte[] holes = holeMask.data();
        int w = frame.width(), h = frame.height();
        // each pixel of the previous output that moves on, and by how much: hidden parts keep the move they were
        // carried with (an object keeps its pace while it is hidden), seen objects get theirs measured afresh
        System.arraycopy(previousCarried, 0, moving, 0, moving.length);
        System.arraycopy(previousMoveX, 0, moveX, 0, moveX.length);
        System.arraycopy(previousMoveY, 0, moveY, 0, moveY.length);
        measureObjects(frame, holeMask, moving, moveX, moveY);
        byte[] dst = out.data();
        byte[] src = previousOutput.data();
        byte[] carriedNow = nextCarried;
        int[] nowX = nextMoveX, nowY = nextMoveY;
        java.util.Arrays.fill(carriedNow, (byte) 0);
        long carried = 0;
        for (int from = 0; from < moving.length; from++) {
            if (moving[from] == 0) {
                continue;
            }
            int tx = from % w + moveX[from], ty = from / w + moveY[from];
            if (tx < 0 || tx >= w || ty < 0 || ty >= h) {
                continue;
            }
            int to = ty * w + tx;
            if (holes[to] == 0) {
                continue;
            }
            System.arraycopy(src, 3 * from, dst, 3 * to, 3);
            rest[to] = 0;
            if (carriedNow[to] == 0) {
                carried++;
            }
            carriedNow[to] = 1;
            nowX[to] = moveX[from];
            nowY[to] = moveY[from];
        }
        nextCarried = previousCarried;
        nextMoveX = previousMoveX;
        nextMoveY = previousMoveY;
        previousCarried = carriedNow;
        previousMoveX = nowX;
        previousMoveY = nowY;
        return carried;
    }

    private void allocate(int n) {
        if (moving != null && moving.length == n) {
            java.util.Arrays.fill(previousCarried, (byte) 0);
            return;
        }
        previousCarried = new byte[n];
        previousMoveX = new int[n];
        previousMoveY = new int[n];
        moving = new byte[n];
        moveX = new int[n];
        moveY = new int[n];
        nextCarried = new byte[n];
        nextMoveX = new int[n];
        nextMoveY = new int[n];
        previousForeground = new byte[n];
    }

    /**
     * Marks the pixels of every object of the previous output near this frame's holes as moving, with the object's
     * measured move.
     */
    private void measureObjects(RgbImage frame, Mask holeMask, byte[] moving, int[] moveX, int[] moveY) {
        byte[] holes = holeMask.data();
        int w = frame.width(), h = frame.height();
        double[] holeMove = centroidShift(previousHoles, holes, w);
        Rect near = grown(holeMask.holeBounds(), w, h, Math.max(w, h) / 8);
        try (PointerScope scope = new PointerScope()) {
            Mat objects = new Mat(h, w, opencv_core.CV_8UC1);
            objects.data().put(previousForeground, 0, previousForeground.length);
            Mat kernel = opencv_imgproc.getStructuringElement(opencv_imgproc.MORPH_ELLIPSE,
                    new Size(2 * OPEN_RADIUS + 1, 2 * OPEN_RADIUS + 1));
            opencv_imgproc.morphologyEx(objects, objects, opencv_imgproc.MORPH_OPEN, kernel);
            Mat labels = new Mat(), stats = new Mat(), centroids = new Mat();
            int count = opencv_imgproc.connectedComponentsWithStats(objects, labels, stats, centroids, 8, opencv_core.CV_32S);
            IntIndexer st = stats.createIndexer();
            IntIndexer lab = labels.createIndexer();
            int reach = Math.max(MIN_REACH, Math.max(w, h) / 32);
            for (int c = 1; c < count; c++) {
                int bx = st.get(c, opencv_imgproc.CC_STAT_LEFT), by = st.get(c, opencv_imgproc.CC_STAT_TOP);
                int bw = st.get(c, opencv_imgproc.CC_STAT_WIDTH), bh = st.get(c, opencv_imgproc.CC_STAT_HEIGHT);
                if (st.get(c, opencv_imgproc.CC_STAT_AREA) < MIN_AREA || !overlaps(near, bx, by, bw, bh)) {
                    continue;
                }
                // Objects that touch are one region here and may move apart, so each tile near the holes takes
                // its own best shift where that matches clearly better than the region's
                long[] whole = motion(c, lab, frame, holes, bx, by, bw, bh, reach, null, 0);
                int x0 = Math.max(bx, near.x()), y0 = Math.max(by, near.y());
                int x1 = Math.min(bx + bw, near.x() + near.width()), y1 = Math.min(by + bh, near.y() + near.height());
                for (int ty = y0; ty < y1; ty += TILE) {
                    for (int tx = x0; tx < x1; tx += TILE) {
                        int tw = Math.min(TILE, x1 - tx), th = Math.min(TILE, y1 - ty);
                        long[] v = whole;
                        long[] own = motion(c, lab, frame, holes, tx, ty, tw, th, reach, null, TILE_SHARE);
                        if (own != null) {
                            long[] shared = whole == null ? null : motion(c, lab, frame, holes, tx, ty, tw, th, reach, whole, TILE_SHARE);
                            if (shared == null || own[2] < CLEARLY_BETTER * shared[2]) {
                                v = own;
                            }
                        }
                        if (v == null || Math.abs(v[0] - holeMove[0]) <= SAME_PACE && Math.abs(v[1] - holeMove[1]) <= SAME_PACE) {
                            // hidden for good, or keeping pace with the holes: a part of the selected object the
                            // segmentation left outside them
                            continue;
                        }
                        for (int y = ty; y < ty + th; y++) {
                            for (int x = tx; x < tx + tw; x++) {
                                if (lab.get(y, x) == c) {
                                    int i = y * w + x;
                                    moving[i] = 1;
                                    moveX[i] = (int) v[0];
                                    moveY[i] = (int) v[1];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The object's move from the previous frame to this one over a region: the whole-pixel shift within
     * {@code reach} that best matches its pixels there that neither frame hides (a hole of either frame shows the
     * selected object) to this frame, by mean absolute difference over a sample of them; {@code {dx, dy, cost}}, or
     * null when too few are visible. Exact for an object that moves without turning, where dense flow blurs a small
     * object's motion into the still scene around it. With {@code only}, just that shift is scored.
     */
    private long[] motion(int c, IntIndexer lab, RgbImage frame, byte[] holes, int bx, int by, int bw, int bh, int reach,
                          long[] only, double minShare) {
        int w = frame.width();
        int[] visible = new int[bw * bh];
        int n = 0;
        for (int y = by; y < by + bh; y++) {
            for (int x = bx; x < bx + bw; x++) {
                int i = y * w + x;
                if (lab.get(y, x) == c && holes[i] == 0 && previousHoles[i] == 0) {
                    visible[n++] = i;
                }
            }
        }
        if (n < Math.max(MIN_VISIBLE, minShare * bw * bh)) {
            return null;
        }
        int stride = Math.max(1, n / MAX_SAMPLES);
        if (only != null) {
            long cost = cost(visible, n, stride, frame, holes, (int) only[0], (int) only[1]);
            return cost == Long.MAX_VALUE ? null : new long[] {only[0], only[1], cost};
        }
        long[] best = null;
        for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
                long cost = cost(visible, n, stride, frame, holes, dx, dy);
                if (cost != Long.MAX_VALUE && (best == null || cost < best[2])) {
                    best = new long[] {dx, dy, cost};
                }
            }
        }
        return best;
    }

    /** Mean absolute difference (×1024) of the sampled pixels moved by (dx, dy); MAX_VALUE when most land in a hole. */
    private long cost(int[] visible, int n, int stride, RgbImage frame, byte[] holes, int dx, int dy) {
        int w = frame.width(), h = frame.height();
        byte[] before = previousFrame.data(), now = frame.data();
        long cost = 0;
        int used = 0, tried = 0;
        for (int k = 0; k < n; k += stride) {
            tried++;
            int i = visible[k], x = i % w + dx, y = i / w + dy;
            if (x < 0 || x >= w || y < 0 || y >= h || holes[y * w + x] != 0) {
                continue;
            }
            int j = y * w + x;
            for (int ch = 0; ch < 3; ch++) {
                cost += Math.abs((before[3 * i + ch] & 0xFF) - (now[3 * j + ch] & 0xFF));
            }
            used++;
        }
        return 2 * used < tried ? Long.MAX_VALUE : cost * 1024 / used;
    }

    /** How far the holes' centroid moved from {@code before} to {@code after}. */
    private static double[] centroidShift(byte[] before, byte[] after, int w) {
        double[] a = centroid(before, w), b = centroid(after, w);
        return new double[] {b[0] - a[0], b[1] - a[1]};
    }

    private static double[] centroid(byte[] holes, int w) {
        double sx = 0, sy = 0;
        long n = 0;
        for (int i = 0; i < holes.length; i++) {
            if (holes[i] != 0) {
                sx += i % w;
                sy += i / w;
                n++;
            }
        }
        return n == 0 ? new double[] {0, 0} : new double[] {sx / n, sy / n};
    }

    private static boolean overlaps(Rect r, int x, int y, int w, int h) {
        return x < r.x() + r.width() && r.x() < x + w && y < r.y() + r.height() && r.y() < y + h;
    }

    /** {@code bounds} grown by {@code margin} on every side and clipped to the frame. */
    private static Rect grown(org.inpaint.core.image.Rect bounds, int w, int h, int margin) {
        int x0 = Math.max(0, bounds.x() - margin), y0 = Math.max(0, bounds.y() - margin);
        int x1 = Math.min(w, bounds.x() + bounds.width() + margin), y1 = Math.min(h, bounds.y() + bounds.height() + margin);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * Keeps what the next frame carries from: the completed frame's pixels that differ from the background, except
     * those still unfilled (they show the selected object).
     */
    private void remember(RgbImage frame, Mask holes, RgbImage output, Mask unfilled, RgbImage background) {
        int n = frame.width() * frame.height();
        byte[] o = output.data(), b = background.data(), u = unfilled.data();
        byte[] foreground = previousForeground;
        for (int i = 0; i < n; i++) {
            if (u[i] != 0) {
                foreground[i] = 0;
                continue;
            }
            int d = 0;
            for (int c = 0; c < 3; c++) {
                d = Math.max(d, Math.abs((o[3 * i + c] & 0xFF) - (b[3 * i + c] & 0xFF)));
            }
            foreground[i] = (byte) (d > FOREGROUND_THRESHOLD ? 255 : 0);
        }
        previousFrame = frame;
        previousOutput = output;
        previousForeground = foreground;
        previousHoles = holes.data();
    }
}
