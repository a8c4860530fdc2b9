package org.inpaint.ingest.mask;

import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_tracking.TrackerCSRT;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;
import org.inpaint.core.segment.Clicks;
import org.inpaint.core.segment.Segmenter;
import org.inpaint.core.video.BackgroundModel;
import org.inpaint.core.video.SceneBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object selected by a box (or a click on it) at a frame and removed from there on: followed by OpenCV's CSRT tracker, segmented
 * again inside the tracked box every frame, and grown by a few pixels so its soft outline goes too. Frames before
 * the selected one have no holes. Other moving objects are left alone. The stream fills the holes from a still
 * camera's background, learnt where the object is not (and started from frames sampled across a file). When the
 * tracker loses the object, the loss is logged and reported by {@link #lostAt()}; frames from then on have no holes.
 */
public final class TrackedSelection implements MaskProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TrackedSelection.class);
    /** The tracked box is searched this much larger on each side (a fraction of its size) for the object. */
    private static final double SEARCH_MARGIN = 0.1;

    private final Rect box;
    private final int[] click;
    private final long startFrame;
    private final String field;
    private final Segmenter segmenter = new Segmenter();
    private final SceneBackground background = new BackgroundModel(BackgroundModel.Settings.defaults().neverAbsorbing());
    private TrackerCSRT tracker;
    private long frame;
    private long lostAt = -1;

    /** @param field the option or JSON field the selection came from, named in errors */
    public TrackedSelection(Rect box, long startFrame, String field) {
        this(box, null, startFrame, field);
    }

    private TrackedSelection(Rect box, int[] click, long startFrame, String field) {
        this.box = box;
        this.click = click;
        this.startFrame = startFrame;
        this.field = field;
    }

    /** The object under a click (x, y) at {@code startFrame}, segmented there; its bounds start the tracker. */
    public static TrackedSelection ofClick(int x, int y, long startFrame, String field) {
        return new TrackedSelection(null, new int[] {x, y}, startFrame, field);
    }

    /** Parses "x,y,w,h" or "x,y,w,h@FRAME" (a box), or "x,y" or "x,y@FRAME" (a click on the object). */
    public static TrackedSelection parse(String text, String field) {
        String[] parts = text.trim().split("@");
        if (parts.length > 2) {
            throw InpaintException.badInput(field, "a selection is x,y,w,h or x,y (a click), each optionally @FRAME, got '" + text + "'");
        }
        long at = 0;
        if (parts.length == 2) {
            try {
                at = Long.parseLong(parts[1].trim());
            } catch (NumberFormatException e) {
                throw InpaintException.badInput(field, "the frame after @ is a whole number, got '" + parts[1] + "'");
            }
            if (at < 0) {
                throw InpaintException.badInput(field, "the frame after @ is 0 or more, got " + at);
            }
        }
        if (parts[0].split(",").length == 2) {
            int[] p = Clicks.parse(parts[0], null, field).object().get(0);
            return ofClick(p[0], p[1], at, field);
        }
        return new TrackedSelection(Segmenter.parseBoxes(List.of(parts[0]), field).get(0), at, field);
    }

    public long startFrame() {
        return startFrame;
    }

    /** True once the selected frame has been seen (false at the end of a video that is shorter). */
    public synchronized boolean started() {
        return tracker != null || lostAt >= 0;
    }

    /** The frame at which the tracker lost the object, or -1. */
    public synchronized long lostAt() {
        return lostAt;
    }

    @Override
    public Optional<SceneBackground> background() {
        return Optional.of(background);
    }

    @Override
    public boolean keepsOtherObjects() {
        return true;
    }

    @Override
    public synchronized void prime(List<RgbImage> samples, long[] indices) {
        if (!samples.isEmpty()) {
            background.prime(samples, null, indices);
        }
    }

    @Override
    public synchronized Mask maskFor(RgbImage image) {
        long n = frame++;
        if (n < startFrame || lostAt >= 0) {
            return Mask.empty(image.width(), image.height());
        }
        if (n == startFrame) {
            Mask first = click == null ? segmenter.fromBox(image, box, field)
                    : segmenter.fromClicks(image, new Clicks(List.of(click), List.of()), field);
            if (first.isEmpty()) {
                lostAt = n;
                LOG.warn("{}: nothing was found under the click at frame {}; no frame loses an object", field, n);
                return first;
            }
            Rect start = click == null ? box : first.holeBounds();
            tracker = TrackerCSRT.create(); // outlives the frame, so made outside the frame's pointer scope
            try (PointerScope scope = new PointerScope()) {
                tracker.init(OpenCvImages.toBgrMat(image), new org.bytedeco.opencv.opencv_core.Rect(start.x(), start.y(), start.width(), start.height()));
            }
            return first;
        }
        try (PointerScope scope = new PointerScope()) {
            Rect at;
            org.bytedeco.opencv.opencv_core.Rect found = new org.bytedeco.opencv.opencv_core.Rect();
            boolean ok = tracker.update(OpenCvImages.toBgrMat(image), found);
            at = clamp(new Rect(found.x(), found.y(), found.width(), found.height()), image);
            if (!ok || at.width() < 4 || at.height() < 4) {
                lostAt = n;
                LOG.warn("{}: the selected object was lost at frame {}; frames from here on keep it", field, n);
                return Mask.empty(image.width(), image.height());
            }
            int mx = (int) Math.round(at.width() * SEARCH_MARGIN), my = (int) Math.round(at.height() * SEARCH_MARGIN);
            return segmenter.fromBox(image, clamp(new Rect(at.x() - mx, at.y() - my, at.width() + 2 * mx, at.height() + 2 * my), image), field);
        }
    }

    private static Rect clamp(Rect r, RgbImage image) {
        int x0 = Math.max(0, r.x()), y0 = Math.max(0, r.y());
        int x1 = Math.min(image.width(), r.x() + r.width()), y1 = Math.min(image.height(), r.y() + r.height());
        return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    @Override
    public synchronized void close() {
        if (tracker != null) {
            tracker.close();
        }
        background.close();
    }
}
