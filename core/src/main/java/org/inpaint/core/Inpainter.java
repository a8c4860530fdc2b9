package org.inpaint.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        mask.requireSize(image.width(), image.height(), "mask");
        if (mask.isEmpty()) {
            throw InpaintException.badInput("mask", "mask is empty: it marks no pixel as a hole (white = hole)");
        }
        if (mask.isFull()) {
            throw InpaintException.badInput("mask", "mask covers the whole image: no known pixel is left to fill from");
        }
    }

    public RgbImage inpaint(RgbImage image, Mask mask) {
        validate(image, mask);
        return inpaintAll(List.of(new EngineInput(image, mask))).get(0);
    }

    /** A crop of one of the images being filled, with where it goes back. */
    private record Piece(int item, Roi roi, EngineInput input) {
    }

    /**
     * Fills several images in as few engine calls as possible: the crops of all images are grouped by working size
     * and sent in batches of up to the engine's maxBatch (this is where a micro-batch of frames pays off).
     */
    public List<RgbImage> inpaintAll(List<EngineInput> items) {
        for (EngineInput in : items) {
            validate(in.image(), in.mask());
        }
        EngineInfo info = engine.info();
        Map<String, List<Piece>> bySize = new LinkedHashMap<>();
        List<RgbImage> results = new ArrayList<>(items.size());
        for (int k = 0; k < items.size(); k++) {
            EngineInput in = items.get(k);
            results.add(in.image().copy());
            for (Piece piece : pieces(k, in)) {
                bySize.computeIfAbsent(piece.roi().workWidth() + "x" + piece.roi().workHeight(), key -> new ArrayList<>())
                        .add(piece);
            }
        }
        for (List<Piece> group : bySize.values()) {
            for (int from = 0; from < group.size(); from += info.maxBatch()) {
                run(group.subList(from, Math.min(group.size(), from + info.maxBatch())), items, results);
            }
        }
        return results;
    }

    /**
     * The crops this inpainter sends to its engine for one image, at the engine's working size: what a benchmark
     * of the raw engine must be given to compare like with like.
     */
    public List<EngineInput> engineInputs(EngineInput item) {
        validate(item.image(), item.mask());
        return pieces(0, item).stream().map(Piece::input).toList();
    }

    private List<Piece> pieces(int item, EngineInput in) {
        List<Piece> pieces = new ArrayList<>();
        for (Roi roi : planner.plan(in.mask(), engine.info().workingSize())) {
            RgbImage crop = Resize.image(in.image().crop(roi.crop()), roi.workWidth(), roi.workHeight());
            Mask cropMask = Resize.mask(in.mask().crop(roi.crop()), roi.workWidth(), roi.workHeight());
            pieces.add(new Piece(item, roi, new EngineInput(crop, cropMask)));
        }
        return pieces;
    }

    private void run(List<Piece> pieces, List<EngineInput> items, List<RgbImage> results) {
        List<RgbImage> outputs = engine.inpaint(pieces.stream().map(Piece::input).toList());
        if (outputs.size() != pieces.size()) {
            throw new IllegalStateException("engine " + engine.info().name() + " returned " + outputs.size()
                    + " images for a batch of " + pieces.size());
        }
        for (int i = 0; i < outputs.size(); i++) {
            Roi roi = pieces.get(i).roi();
            int item = pieces.get(i).item();
            RgbImage filled = Resize.image(outputs.get(i), roi.crop().width(), roi.crop().height());
            int feather = roi.scaled() ? (int) Math.min(32, Math.ceil(4 / roi.scale())) : 4;
            Compositor.paste(results.get(item), items.get(item).mask(), roi.crop(), filled, feather);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
