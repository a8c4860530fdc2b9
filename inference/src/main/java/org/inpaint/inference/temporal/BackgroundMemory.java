package org.inpaint.inference.temporal;

import java.util.Arrays;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.Compositor;

/**
 * Temporal fill for static cameras: remembers, per pixel, its last value seen outside a hole and when. A hole pixel
 * whose memory is recent enough is filled from it; only pixels never seen (or seen too long ago) are left for an
 * engine. The seam between remembered and live pixels is feathered like any other paste, so a slow change of light
 * does not leave an edge.
 *
 * <p>Only background is learnt: a pixel is remembered once it has stayed still (every channel within
 * {@code stillTolerance} of the previous frame) for {@code stillFrames} frames, and never within {@code learnMargin}
 * pixels of a hole, where a moving object's edges that the mask missed would otherwise come back later as ghosts.
 */
public final class BackgroundMemory {

    /** The frame filled from memory where possible, and the holes memory could not fill. */
    public record Result(RgbImage image, Mask remaining, long filledFromMemory) {
    }

    private final int maxAgeFrames;
    private final int feather;
    private final int stillFrames;
    private final int stillTolerance;
    private final int learnMargin;
    private RgbImage memory;
    private byte[] previous;
    private int[] stillFor;
    private long[] seenAt;
    private long frame;

    /**
     * @param maxAgeFrames how many frames old a remembered pixel may be and still be used
     */
    public BackgroundMemory(int maxAgeFrames, int feather, int stillFrames, int stillTolerance, int learnMargin) {
        this.maxAgeFrames = maxAgeFrames;
        this.feather = feather;
        this.stillFrames = stillFrames;
        this.stillTolerance = stillTolerance;
        this.learnMargin = learnMargin;
    }

    /** Learns any pixel outside a hole at once (for scenes known to be static outside the mask). */
    public BackgroundMemory(int maxAgeFrames, int feather) {
        this(maxAgeFrames, feather, 1, 255, 0);
    }

    /** Learns from the frame's known pixels, then fills its holes from memory where memory is valid and recent. */
    public Result apply(RgbImage image, Mask holes) {
        if (memory == null || memory.width() != image.width() || memory.height() != image.height()) {
            memory = RgbImage.blank(image.width(), image.height());
            seenAt = new long[image.width() * image.height()];
            Arrays.fill(seenAt, Long.MIN_VALUE);
            stillFor = new int[seenAt.length];
            previous = null;
        }
        frame++;
        byte[] src = image.data();
        byte[] mem = memory.data();
        byte[] h = holes.data();
        byte[] nearHole = learnMargin > 0 ? holes.dilate(learnMargin).data() : h;
        for (int i = 0; i < h.length; i++) {
            boolean still = previous != null
                    && Math.abs((src[3 * i] & 0xFF) - (previous[3 * i] & 0xFF)) <= stillTolerance
                    && Math.abs((src[3 * i + 1] & 0xFF) - (previous[3 * i + 1] & 0xFF)) <= stillTolerance
                    && Math.abs((src[3 * i + 2] & 0xFF) - (previous[3 * i + 2] & 0xFF)) <= stillTolerance;
            stillFor[i] = still ? stillFor[i] + 1 : (stillFrames <= 1 ? 1 : 0);
            if (nearHole[i] == 0 && stillFor[i] >= stillFrames) {
                mem[3 * i] = src[3 * i];
                mem[3 * i + 1] = src[3 * i + 1];
                mem[3 * i + 2] = src[3 * i + 2];
                seenAt[i] = frame;
            }
        }
        previous = src.clone();
        byte[] fillable = new byte[h.length];
        byte[] remaining = new byte[h.length];
        long filled = 0;
        for (int i = 0; i < h.length; i++) {
            if (h[i] == 0) {
                continue;
            }
            if (seenAt[i] != Long.MIN_VALUE && frame - seenAt[i] <= maxAgeFrames) {
                fillable[i] = 1;
                filled++;
            } else {
                remaining[i] = 1;
            }
        }
        RgbImage out = image.copy();
        if (filled > 0) {
            Compositor.paste(out, new Mask(image.width(), image.height(), fillable),
                    new Rect(0, 0, image.width(), image.height()), memory, feather);
        }
        return new Result(out, new Mask(image.width(), image.height(), remaining), filled);
    }
}
