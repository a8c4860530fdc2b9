package org.inpaint.core.video;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * What a static camera sees when nothing is in the way: a per-pixel, per-channel robust estimate of the background,
 * started from the colour most sample frames agree on and then tracked with a clipped running update that learns only
 * from pixels outside the holes. Each frame's exposure is fitted against the model (a gain and an offset per
 * channel, see {@link Exposure}), so global flicker neither shows as motion nor corrupts the estimate.
 *
 * <p>The clipped update moves a pixel by a fraction of its difference but never by more than {@code maxStep} grey
 * levels a frame: noise averages out, while an object the mask missed shifts the estimate by a few levels at most
 * before it has passed. A pixel that stays inside a hole for {@code absorbAfterFrames} frames in a row is learnt all
 * the same, so a real change of the scene (a parked car, a light turned on) ends up as background instead of a hole
 * that never closes; until then a person who stops stays a hole.
 *
 * <p>Until primed (by {@link #prime} or after {@code warmupFrames} observed frames) the estimate is the median of
 * the frames seen so far. Not thread-safe: one model belongs to one stream.
 */
public final class BackgroundModel implements SceneBackground {

    /** Tuning; {@link #defaults()} was measured on the street clip and on generated clips (docs/quality.md). */
    public record Settings(int warmupFrames, float learnRate, float maxStep, int absorbAfterFrames, int learnMargin) {

        public static Settings defaults() {
            return new Settings(24, 0.08f, 1.0f, 900, 4);
        }

        /** For holes that are given rather than found (a fixed region, per-frame masks): a hole is never learnt. */
        public Settings neverAbsorbing() {
            return new Settings(warmupFrames, learnRate, maxStep, Integer.MAX_VALUE, learnMargin);
        }
    }

    private final Settings settings;
    private final List<RgbImage> warmup = new ArrayList<>();
    private final List<Mask> warmupHoles = new ArrayList<>();
    private int width = -1;
    private int height = -1;
    private float[] estimate;
    private int[] heldFor;
    private long[] learntAt;
    private boolean primed;
    private long observed;
    private RgbImage viewFrame;
    private View view;

    public BackgroundModel(Settings settings) {
        this.settings = settings;
    }

    public BackgroundModel() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** True once the estimate comes from enough frames to trust it. */
    @Override
    public synchronized boolean isPrimed() {
        return primed;
    }

    /** Frames observed (learnt from) so far. */
    @Override
    public synchronized long observed() {
        return observed;
    }

    /** Starts the estimate from the colour most of these frames agree on, per pixel (e.g. frames sampled across a file). */
    public synchronized void prime(List<RgbImage> frames) {
        prime(frames, null);
    }

    /**
     * Starts the estimate from the colour most of these frames' pixels outside their holes agree on ({@code holes} may
     * be null, or hold nulls); a pixel that is a hole in every frame stays unknown.
     */
    @Override
    public void prime(List<RgbImage> frames, List<Mask> holes, long[] indices) {
        prime(frames, holes);
    }

    public synchronized void prime(List<RgbImage> frames, List<Mask> holes) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no frames to prime the background with");
        }
        if (holes != null && holes.size() != frames.size()) {
            throw new IllegalArgumentException(frames.size() + " frames but " + holes.size() + " masks");
        }
        resize(frames.get(0));
        for (RgbImage f : frames) {
            requireSize(f);
        }
        primeFrom(frames, holes);
    }

    /** A pixel that is a hole in every frame keeps what the model knew of it, if anything. */
    private void primeFrom(List<RgbImage> frames, List<Mask> holes) {
        float[] next = dominant(frames, holes);
        for (int i = 0; i < learntAt.length; i++) {
            if (!Float.isNaN(next[3 * i])) {
                learntAt[i] = observed;
            } else if (estimate != null && learntAt[i] != Long.MIN_VALUE) {
                System.arraycopy(estimate, 3 * i, next, 3 * i, 3);
            } else {
                next[3 * i] = next[3 * i + 1] = next[3 * i + 2] = 0;
                learntAt[i] = Long.MIN_VALUE;
            }
        }
        estimate = next;
        primed = true;
        warmup.clear();
        warmupHoles.clear();
        view = null;
        viewFrame = null;
    }

    @Override
    public synchronized Mask fillable(RgbImage frame, Mask holes, long maxAge) {
        byte[] h = holes.data();
        byte[] out = new byte[h.length];
        if (primed && learntAt != null && learntAt.length == h.length) {
            for (int i = 0; i < h.length; i++) {
                out[i] = (byte) (h[i] != 0 && learntAt[i] != Long.MIN_VALUE && observed - learntAt[i] <= maxAge ? 1 : 0);
            }
        }
        return new Mask(holes.width(), holes.height(), out);
    }

    /**
     * The background as this frame would show it: the exposure fitted on the pixels outside {@code exclude} (a hint
     * of where objects are, e.g. the previous frame's holes; may be null) and the estimate rendered in it. The view
     * of the last frame asked for is kept, so the masker and the fill of one frame share one fit.
     */
    @Override
    public synchronized View view(RgbImage frame, Mask exclude) {
        if (viewFrame == frame && view != null) {
            return view;
        }
        if (width != frame.width() || height != frame.height() || estimate == null) {
            if (estimate != null) {
                reset();
            }
            resize(frame);
        }
        float[] base = estimate != null ? estimate : (warmup.isEmpty() ? toFloat(frame) : median(warmup, null));
        Exposure exposure = Exposure.fit(frame, base, exclude);
        view = new View(frame, exposure, render(base, exposure), estimate != null || warmup.size() >= 3, unknown());
        viewFrame = frame;
        return view;
    }

    /**
     * Learns from one frame: the pixels outside {@code holes} (grown by the learning margin, where a missed edge
     * of an object would otherwise be learnt) update the estimate; holes held too long are absorbed.
     */
    @Override
    public synchronized void observe(RgbImage frame, Mask holes) {
        observe(frame, holes, null);
    }

    /**
     * As {@link #observe(RgbImage, Mask)}, with pixels the frame does not show at all ({@code unseen}, e.g. the
     * parts of a panorama outside the frame): they are neither learnt nor counted as held in a hole.
     */
    synchronized void observe(RgbImage frame, Mask holes, Mask unseen) {
        View v = view(frame, unseen == null ? holes : (holes == null ? unseen : holes.union(unseen)));
        observed++;
        if (!primed) {
            warmup.add(frame);
            warmupHoles.add(holes);
            if (warmup.size() >= settings.warmupFrames()) {
                primeFrom(List.copyOf(warmup), List.copyOf(warmupHoles));
            }
            view = null;
            viewFrame = null;
            return;
        }
        byte[] near = holes == null ? null : holes.dilate(settings.learnMargin()).data();
        byte[] h = holes == null ? null : holes.data();
        byte[] src = frame.data();
        Exposure e = v.exposure();
        float rate = settings.learnRate();
        float step = settings.maxStep();
        int n = width * height;
        byte[] off = unseen == null ? null : unseen.data();
        for (int i = 0; i < n; i++) {
            if (off != null && off[i] != 0) {
                continue;
            }
            boolean hole = h != null && h[i] != 0;
            heldFor[i] = hole ? heldFor[i] + 1 : 0;
            boolean learn = near == null || near[i] == 0 || heldFor[i] > settings.absorbAfterFrames();
            if (!learn) {
                continue;
            }
            boolean first = learntAt[i] == Long.MIN_VALUE;
            learntAt[i] = observed;
            for (int c = 0; c < 3; c++) {
                int k = 3 * i + c;
                float seen = e.toReference(c, src[k] & 0xFF);
                if (first) { // a pixel seen for the first time starts at what it shows, not at a step from nothing
                    estimate[k] = seen;
                    continue;
                }
                float d = (seen - estimate[k]) * rate;
                estimate[k] += d > step ? step : (d < -step ? -step : d);
            }
        }
        view = null;
        viewFrame = null;
    }

    private void reset() {
        estimate = null;
        primed = false;
        warmup.clear();
        warmupHoles.clear();
    }

    private void resize(RgbImage frame) {
        if (width == frame.width() && height == frame.height()) {
            return;
        }
        width = frame.width();
        height = frame.height();
        heldFor = new int[width * height];
        learntAt = new long[width * height];
        java.util.Arrays.fill(learntAt, Long.MIN_VALUE);

        warmup.clear();
        warmupHoles.clear();
        estimate = null;
        primed = false;
    }

    private void requireSize(RgbImage f) {
        if (f.width() != width || f.height() != height) {
            throw new IllegalArgumentException("frames of " + f.width() + "x" + f.height() + " among frames of "
                    + width + "x" + height);
        }
    }

    private static float[] toFloat(RgbImage frame) {
        byte[] d = frame.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[i] & 0xFF;
        }
        return out;
    }

    private static final int SAME_COLOUR = 16;
    /**
     * Per pixel, the colour most of the samples agree on: the per-channel median when at least a quarter of the
     * samples lie within {@value #SAME_COLOUR} grey levels of it in every channel; otherwise (the median fell between
     * colours, as when an object covers a pixel in about half the samples) the sample with the most others within
     * that distance picks a cluster, and the cluster's median is the colour. Samples inside their frame's holes are
     * left out; NaN where every sample was a hole.
     */
    static float[] dominant(List<RgbImage> frames, List<Mask> holes) {
        int count = frames.size();
        RgbImage first = frames.get(0);
        int pixels = first.width() * first.height();
        byte[][] data = new byte[count][];
        byte[][] hole = new byte[count][];
        for (int f = 0; f < count; f++) {
            data[f] = frames.get(f).data();
            hole[f] = holes == null || holes.get(f) == null ? null : holes.get(f).data();
        }
        float[] primary = new float[pixels * 3];
        int[][] values = new int[3][count];
        int[] cluster = new int[count];
        int[] scratch = new int[256];
        float[] colour = new float[3];
        for (int i = 0; i < pixels; i++) {
            int n = 0;
            for (int f = 0; f < count; f++) {
                if (hole[f] == null || hole[f][i] == 0) {
                    for (int c = 0; c < 3; c++) {
                        values[c][n] = data[f][3 * i + c] & 0xFF;
                    }
                    n++;
                }
            }
            if (n == 0) {
                primary[3 * i] = primary[3 * i + 1] = primary[3 * i + 2] = Float.NaN;
                continue;
            }
            for (int c = 0; c < 3; c++) {
                System.arraycopy(values[c], 0, cluster, 0, n);
                colour[c] = medianOf(cluster, n, scratch);
            }
            if (4 * near(values, n, colour) < n) {
                clusterColour(values, n, cluster, scratch, colour);
            }
            System.arraycopy(colour, 0, primary, 3 * i, 3);
        }
        return primary;
    }

    /** How many samples lie within {@value #SAME_COLOUR} of {@code colour} in every channel. */
    private static int near(int[][] values, int n, float[] colour) {
        int count = 0;
        for (int b = 0; b < n; b++) {
            if (Math.abs(values[0][b] - colour[0]) <= SAME_COLOUR && Math.abs(values[1][b] - colour[1]) <= SAME_COLOUR
                    && Math.abs(values[2][b] - colour[2]) <= SAME_COLOUR) {
                count++;
            }
        }
        return count;
    }

    /** The sample with the most others within {@value #SAME_COLOUR} picks a cluster; its per-channel median goes into {@code colour}. */
    private static void clusterColour(int[][] values, int n, int[] cluster, int[] scratch, float[] colour) {
        int best = -1, bestSize = 0;
        float[] candidate = new float[3];
        for (int a = 0; a < n; a++) {
            candidate[0] = values[0][a];
            candidate[1] = values[1][a];
            candidate[2] = values[2][a];
            int size = near(values, n, candidate);
            if (size > bestSize) {
                bestSize = size;
                best = a;
            }
        }
        float[] centre = {values[0][best], values[1][best], values[2][best]};
        for (int c = 0; c < 3; c++) {
            int m = 0;
            for (int b = 0; b < n; b++) {
                if (Math.abs(values[0][b] - centre[0]) <= SAME_COLOUR && Math.abs(values[1][b] - centre[1]) <= SAME_COLOUR
                        && Math.abs(values[2][b] - centre[2]) <= SAME_COLOUR) {
                    cluster[m++] = values[c][b];
                }
            }
            colour[c] = medianOf(cluster, m, scratch);
        }
    }

    /**
     * Per-value median over the frames (the mean of the two middle values for an even count), leaving out the
     * samples inside each frame's holes when {@code holes} is given; NaN where every sample was a hole.
     */
    static float[] median(List<RgbImage> frames, List<Mask> holes) {
        int count = frames.size();
        int len = frames.get(0).data().length;
        byte[][] data = new byte[count][];
        byte[][] hole = new byte[count][];
        for (int f = 0; f < count; f++) {
            data[f] = frames.get(f).data();
            hole[f] = holes == null || holes.get(f) == null ? null : holes.get(f).data();
        }
        float[] out = new float[len];
        int[] histogram = new int[256];
        int[] values = new int[count];
        for (int k = 0; k < len; k++) {
            int n = 0;
            for (int f = 0; f < count; f++) {
                if (hole[f] == null || hole[f][k / 3] == 0) {
                    values[n++] = data[f][k] & 0xFF;
                }
            }
            out[k] = n == 0 ? Float.NaN : medianOf(values, n, histogram);
        }
        return out;
    }

    private static float medianOf(int[] values, int n, int[] scratch) {
        if (n <= 32) {
            for (int i = 1; i < n; i++) {
                int v = values[i];
                int j = i - 1;
                while (j >= 0 && values[j] > v) {
                    values[j + 1] = values[j];
                    j--;
                }
                values[j + 1] = v;
            }
            return (n & 1) == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2f;
        }
        java.util.Arrays.fill(scratch, 0);
        for (int i = 0; i < n; i++) {
            scratch[values[i]]++;
        }
        int lower = (n - 1) / 2;
        int upper = n / 2;
        int seen = 0;
        int lowValue = -1;
        for (int v = 0; v < 256; v++) {
            seen += scratch[v];
            if (lowValue < 0 && seen > lower) {
                lowValue = v;
            }
            if (seen > upper) {
                return (lowValue + v) / 2f;
            }
        }
        return lowValue;
    }

    /** The estimate as an image in the reference exposure, and where it was never learnt (null before priming). */
    synchronized Estimate estimate() {
        if (estimate == null) {
            return null;
        }
        return new Estimate(render(estimate, new Exposure(new float[] {1, 1, 1}, new float[3])), unknown());
    }

    /** The background estimate's pixels and the ones never learnt (null when none). */
    record Estimate(RgbImage image, Mask unknown) {
    }

    /** The pixels never learnt (a hole in every priming frame, or outside every frame of a panorama), or null. */
    private Mask unknown() {
        if (estimate == null) {
            return null;
        }
        byte[] out = null;
        for (int i = 0; i < learntAt.length; i++) {
            if (learntAt[i] == Long.MIN_VALUE) {
                if (out == null) {
                    out = new byte[learntAt.length];
                }
                out[i] = 1;
            }
        }
        return out == null ? null : new Mask(width, height, out);
    }

    private RgbImage render(float[] base, Exposure e) {
        byte[] out = new byte[base.length];
        for (int k = 0; k < base.length; k++) {
            int v = Math.round(e.fromReference(k % 3, base[k]));
            out[k] = (byte) (v < 0 ? 0 : (v > 255 ? 255 : v));
        }
        return new RgbImage(width, height, out);
    }

}
