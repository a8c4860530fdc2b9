package org.inpaint.inference.temporal;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.Compositor;
import org.inpaint.core.video.SceneBackground;
import org.inpaint.core.video.Exposure;
import org.inpaint.core.video.ForegroundCarry;

/**
 * Temporal fill for static cameras. Each frame teaches the stream's {@link BackgroundModel} from its known pixels;
 * then a hole pixel that has shown the background recently enough is filled from the model, rendered in the frame's
 * exposure. Only the rest (never seen, or not for {@code maxAgeFrames}) is left for an engine, and what the engine
 * puts there is carried ({@link #remember}): later frames reuse that fill, in their own exposure, instead of
 * inpainting the same place again and shimmering (for a still camera, whose pixels keep showing the same place). A
 * carried fill is redone once it is {@code maxAgeFrames} old. The
 * seam between the filled and live pixels is feathered like any other paste.
 */
public final class BackgroundMemory {

    /** The frame filled where memory could, the holes left for an engine, and the frame's exposure. */
    public record Result(RgbImage image, Mask remaining, long filledFromMemory, Exposure exposure) {
    }

    private final SceneBackground model;
    private final long maxAgeFrames;
    private final int feather;
    private final boolean fill;
    private final ForegroundCarry carry;
    private float[] carried;
    private long[] carriedAt;
    private long frame;

    /**
     * @param fill false to only teach the model (a stream whose motion masks need it, with temporal fill off)
     */
    public BackgroundMemory(SceneBackground model, long maxAgeFrames, int feather, boolean fill) {
        this(model, maxAgeFrames, feather, fill, false);
    }

    /**
     * @param carryObjects also carry other moving objects through the holes along their motion
     *                     ({@link ForegroundCarry}), for holes that remove one selected object and keep the rest
     */
    public BackgroundMemory(SceneBackground model, long maxAgeFrames, int feather, boolean fill, boolean carryObjects) {
        this.model = model;
        this.maxAgeFrames = maxAgeFrames;
        this.feather = feather;
        this.fill = fill;
        this.carry = carryObjects && fill ? new ForegroundCarry() : null;
    }

    /** Learns from the frame's known pixels, then fills its holes from the background and carried fills. */
    public synchronized Result apply(RgbImage image, Mask holes) {
        int w = image.width(), h = image.height();
        if (carried == null || carried.length != 3 * w * h) {
            carried = new float[3 * w * h];
            carriedAt = new long[w * h];
            java.util.Arrays.fill(carriedAt, Long.MIN_VALUE);
        }
        frame++;
        SceneBackground.View view = model.view(image, holes);
        model.observe(image, holes);
        if (!fill || holes.isEmpty()) {
            if (carry != null) {
                carry.apply(image, holes, image, holes, view.background());
            }
            return new Result(image, holes, 0, view.exposure());
        }
        byte[] hole = holes.data();
        byte[] fresh = model.fillable(image, holes, maxAgeFrames).data();
        byte[] fillable = new byte[hole.length];
        byte[] remaining = new byte[hole.length];
        RgbImage source = view.background().copy();
        byte[] src = source.data();
        Exposure e = view.exposure();
        long filled = 0;
        long left = 0;
        for (int i = 0; i < hole.length; i++) {
            if (hole[i] == 0) {
                continue;
            }
            if (fresh[i] != 0) {
                fillable[i] = 1;
                filled++;
            } else if (model.framesAligned() && carriedAt[i] != Long.MIN_VALUE && frame - carriedAt[i] <= maxAgeFrames) {
                fillable[i] = 1;
                filled++;
                for (int c = 0; c < 3; c++) {
                    int v = Math.round(e.fromReference(c, carried[3 * i + c]));
                    src[3 * i + c] = (byte) (v < 0 ? 0 : Math.min(255, v));
                }
            } else {
                remaining[i] = 1;
                left++;
            }
        }
        RgbImage out = image.copy();
        if (filled > 0) {
            Compositor.paste(out, new Mask(w, h, fillable), new Rect(0, 0, w, h), source, feather);
        }
        Mask rest = left == 0 ? Mask.empty(w, h) : new Mask(w, h, remaining);
        if (carry != null && model.framesAligned()) {
            ForegroundCarry.Result carried = carry.apply(image, holes, out, rest, view.background());
            return new Result(carried.image(), carried.remaining(), filled + carried.carried(), e);
        }
        return new Result(out, rest, filled, e);
    }

    /** Keeps what an engine put into {@code r.remaining()}, so the next frames carry it instead of refilling. */
    public synchronized void remember(Result r, RgbImage engineOutput) {
        byte[] rem = r.remaining().data();
        byte[] out = engineOutput.data();
        if (carried == null || out.length != carried.length) {
            return;
        }
        for (int i = 0; i < rem.length; i++) {
            if (rem[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    carried[3 * i + c] = r.exposure().toReference(c, out[3 * i + c] & 0xFF);
                }
                carriedAt[i] = frame;
            }
        }
    }
}
