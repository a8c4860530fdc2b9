package org.inpaint.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.core.roi.Compositor;
import org.inpaint.core.roi.Roi;
import org.inpaint.core.roi.RoiPlanner;

/**
 * Fills the holes of whole images with one engine: validates the inputs, plans crops around the holes,
 * scales them to the engine's working size, runs the engine and composites the result so that every pixel
 * outside the holes is byte-identical to the input, whatever the engine does.
 *
 * <p>Not thread-safe (engines are not); use one per worker.
 */
public final class Inpainter implements AutoCloseable {

    private final InpaintEngine engine;
    private final RoiPlanner planner;

    public Inpainter(InpaintEngine engine, RoiPlanner planner) {
        this.engine = Objects.requireNonNull(engine);
        this.planner = Objects.requireNonNull(planner);
    }

    public Inpainter(InpaintEngine engine) {
        this(engine, RoiPlanner.withDefaults());
    }

    public EngineInfo engineInfo() {
        return engine.info();
    }

    /**
     * Checks that {@code mask} fits {@code image} and leaves something both to fill and to fill it from.
     *
     * @throws InpaintException BAD_INPUT naming the field "mask"
     */
    public static void validate(RgbImage image, Mask mask) {
        if (!image.sameSize(mask)) {
            throw InpaintException.badInput("mask", "mask is " + mask.width() + "x" + mask.height()
                    + " but the image is " + image.width() + "x" + image.height() + "; they must be the same size");
        }
        if (mask.isEmpty()) {
            throw InpaintException.badInput("mask", "mask is empty: it marks no pixel as a hole (white = hole)");
        }
        if (mask.isFull()) {
            throw InpaintException.badInput("mask", "mask covers the whole image: no known pixel is left to fill from");
        }
    }

    public RgbImage inpaint(RgbImage image, Mask mask) {
        validate(image, mask);
        EngineInfo info = engine.info();
        List<Roi> rois = planner.plan(mask, info.workingSize());
        RgbImage result = image.copy();
        List<EngineInput> batch = new ArrayList<>();
        List<Roi> batchRois = new ArrayList<>();
        for (Roi roi : rois) {
            if (!batchRois.isEmpty() && (batch.size() == info.maxBatch() || !sameWorkSize(batchRois.get(0), roi))) {
                run(batch, batchRois, result, mask);
            }
            RgbImage crop = Resize.image(image.crop(roi.crop()), roi.workWidth(), roi.workHeight());
            Mask cropMask = Resize.mask(mask.crop(roi.crop()), roi.workWidth(), roi.workHeight());
            batch.add(new EngineInput(crop, cropMask));
            batchRois.add(roi);
        }
        run(batch, batchRois, result, mask);
        return result;
    }

    private static boolean sameWorkSize(Roi a, Roi b) {
        return a.workWidth() == b.workWidth() && a.workHeight() == b.workHeight();
    }

    private void run(List<EngineInput> batch, List<Roi> rois, RgbImage result, Mask mask) {
        if (batch.isEmpty()) {
            return;
        }
        List<RgbImage> outputs = engine.inpaint(List.copyOf(batch));
        if (outputs.size() != batch.size()) {
            throw new IllegalStateException("engine " + engine.info().name() + " returned " + outputs.size()
                    + " images for a batch of " + batch.size());
        }
        for (int i = 0; i < outputs.size(); i++) {
            Roi roi = rois.get(i);
            RgbImage filled = Resize.image(outputs.get(i), roi.crop().width(), roi.crop().height());
            int feather = roi.scaled() ? (int) Math.min(32, Math.ceil(4 / roi.scale())) : 4;
            Compositor.paste(result, mask, roi.crop(), filled, feather);
        }
        batch.clear();
        rois.clear();
    }

    @Override
    public void close() {
        engine.close();
    }
}
