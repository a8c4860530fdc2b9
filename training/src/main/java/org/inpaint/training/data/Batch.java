package org.inpaint.training.data;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Square ground-truth crops with their hole masks, and which photos they came from.
 *
 * @param index the batch's position in the run's deterministic sequence
 */
public record Batch(long index, List<RgbImage> images, List<Mask> masks, List<String> sources) {

    public Batch {
        if (images.size() != masks.size() || images.isEmpty()) {
            throw new IllegalArgumentException("need as many masks as images, at least one");
        }
        images = List.copyOf(images);
        masks = List.copyOf(masks);
        sources = List.copyOf(sources);
    }

    public int size() {
        return images.size();
    }
}
