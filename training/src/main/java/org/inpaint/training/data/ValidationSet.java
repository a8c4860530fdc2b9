package org.inpaint.training.data;

import org.inpaint.inference.neural.Prefill;
import org.inpaint.core.quality.Quality;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.training.masks.MaskSampler;

/**
 * Fixed validation cases: each validation photo scaled so its shorter side is the training size, centre-cropped,
 * with one mask seeded by the photo's name, so every evaluation of a run (and of a resumed run) sees the same cases.
 */
public final class ValidationSet {

    private final Batch cases;
    private final double baselinePsnr;

    private ValidationSet(Batch cases) {
        this.cases = cases;
        double sum = 0;
        if (cases != null) {
            List<RgbImage> ns = Prefill.NS.apply(cases.images(), cases.masks());
            for (int i = 0; i < cases.size(); i++) {
                sum += Quality.psnr(cases.images().get(i), ns.get(i), null);
            }
        }
        this.baselinePsnr = cases == null ? Double.NaN : sum / cases.size();
    }

    /** The mean whole-image PSNR of OpenCV Navier-Stokes on these cases: the floor a network must beat. */
    public double baselinePsnr() {
        return baselinePsnr;
    }

    public static ValidationSet of(PhotoCache photos, MaskSampler masks, int size, int limit, long seed) {
        return of(photos, masks, size, limit, seed, Prefill.NONE);
    }

    /** As above, with the holes also prefilled for a network that reads {@code prefill}. */
    public static ValidationSet of(PhotoCache photos, MaskSampler masks, int size, int limit, long seed, Prefill prefill) {
        List<RgbImage> images = new ArrayList<>();
        List<Mask> holes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, photos.size()); i++) {
            RgbImage p = photos.photo(i);
            int shortSide = Math.min(p.width(), p.height());
            RgbImage square = p.crop(new Rect((p.width() - shortSide) / 2, (p.height() - shortSide) / 2, shortSide, shortSide));
            images.add(Resize.image(square, size, size));
            holes.add(masks.sample(size, size, new SplittableRandom(BatchSource.mix(seed, photos.name(i).hashCode()))));
            names.add(photos.name(i));
        }
        return new ValidationSet(images.isEmpty() ? null : new Batch(-1, images, holes, names).prefilledBy(prefill));
    }

    public boolean isEmpty() {
        return cases == null;
    }

    /** The cases split into batches of at most {@code batchSize}. */
    public List<Batch> batches(int batchSize) {
        List<Batch> out = new ArrayList<>();
        if (cases == null) {
            return out;
        }
        for (int from = 0; from < cases.size(); from += batchSize) {
            int to = Math.min(cases.size(), from + batchSize);
            out.add(cases.slice(from, to));
        }
        return out;
    }

    public int size() {
        return cases == null ? 0 : cases.size();
    }
}
