package org.inpaint.training.data;

import org.inpaint.inference.neural.Prefill;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Square ground-truth crops with their hole masks, and which photos they came from.
 *
 * @param index     the batch's position in the run's deterministic sequence
 * @param prefilled the crops with their holes filled classically, for a network that reads a prefill; empty
 *                  when the holes are to be read as zeros
 */
public record Batch(long index, List<RgbImage> images, List<Mask> masks, List<String> sources, List<RgbImage> prefilled) {

    public Batch {
        if (images.size() != masks.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need as many masks as images, at least one");
        }
        images = List.copyOf(images);
        masks = List.copyOf(masks);
        sources = List.copyOf(sources);
        prefilled = prefilled == null ? List.of() : List.copyOf(prefilled);
        if (!prefilled.isEmpty() && prefilled.size() != images.size()) {
            throw new IllegalArgumentException("need a prefilled image for every image, or none");
        }
    }

    public Batch(long index, List<RgbImage> images, List<Mask> masks, List<String> sources) {
        this(index, images, masks, sources, List.of());
    }

    /** This batch with its holes prefilled by {@code prefill} (unchanged for {@link Prefill#NONE}). */
    public Batch prefilledBy(Prefill prefill) {
        return prefill == Prefill.NONE ? this : new Batch(index, images, masks, sources, prefill.apply(images, masks));
    }

    /** Cases {@code from} (inclusive) to {@code to} (exclusive) of this batch. */
    public Batch slice(int from, int to) {
        return new Batch(index, images.subList(from, to), masks.subList(from, to), sources.subList(from, to),
                prefilled.isEmpty() ? List.of() : prefilled.subList(from, to));
    }

    public int size() {
        return images.size();
    }
}
