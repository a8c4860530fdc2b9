package org.inpaint.training.data;

import org.inpaint.inference.neural.Prefill;
import org.inpaint.core.quality.Quality;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.training.masks.FreeFormMasks;
import org.inpaint.training.masks.HoleRatioBin;
import org.inpaint.training.masks.MaskSampler;

/**
 * Fixed validation cases: each validation photo scaled so its shorter side is the training size, centre-cropped,
 * with masks seeded by the photo's name, so every evaluation of a run (and of a resumed run) sees the same cases.
 * Either one mask per photo from a sampler ({@link #of}), or one free-form mask per photo and hole-ratio bin, as an
 * evaluation and a promotion draw them ({@link #perBin}); each case belongs to a group (its bin, or {@link #ALL}).
 */
public final class ValidationSet {

    /** The group of every case of a set with one mask per photo. */
    public static final String ALL = "all";

    private final Batch cases;
    private final List<String> groups;
    private final Map<String, Double> baselineByGroup;
    private final double baselinePsnr;

    private ValidationSet(Batch cases, List<String> groups) {
        this.cases = cases;
        this.groups = List.copyOf(groups);
        GroupMeans ns = new GroupMeans();
        if (cases != null) {
            List<RgbImage> fills = Prefill.NS.apply(cases.images(), cases.masks());
            for (int i = 0; i < cases.size(); i++) {
                ns.add(groups.get(i), Quality.psnr(cases.images().get(i), fills.get(i), null));
            }
        }
        this.baselineByGroup = ns.means();
        this.baselinePsnr = ns.overall();
    }

    /** The mean whole-image PSNR of OpenCV Navier-Stokes on these cases: the floor a network must beat. */
    public double baselinePsnr() {
        return baselinePsnr;
    }

    /** The same per group, in the groups' order. */
    public Map<String, Double> baselineByGroup() {
        return baselineByGroup;
    }

    /** The group of case {@code index}, in the order {@link #batches} give the cases. */
    public String group(int index) {
        return groups.get(index);
    }

    /** Whether the cases are split into hole-ratio bins ({@link #perBin}). */
    public boolean byBin() {
        return !groups.isEmpty() && !groups.get(0).equals(ALL);
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
            images.add(centreSquare(photos.photo(i), size));
            holes.add(masks.sample(size, size, new SplittableRandom(BatchSource.mix(seed, photos.name(i).hashCode()))));
            names.add(photos.name(i));
        }
        return new ValidationSet(images.isEmpty() ? null : new Batch(-1, images, holes, names).prefilledBy(prefill),
                java.util.Collections.nCopies(images.size(), ALL));
    }

    /**
     * Every photo (at most {@code limit}) once per bin, with the free-form mask an evaluation seeded with
     * {@code seed} draws for it ({@link FreeFormMasks#forCase}): the holes a promotion measures, every bin as many
     * times, grouped by bin in {@code bins}' order.
     */
    public static ValidationSet perBin(PhotoCache photos, List<HoleRatioBin> bins, int size, int limit, long seed, Prefill prefill) {
        List<RgbImage> images = new ArrayList<>();
        List<Mask> holes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        int count = Math.min(limit, photos.size());
        List<RgbImage> squares = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            squares.add(centreSquare(photos.photo(i), size));
        }
        for (HoleRatioBin bin : bins) {
            for (int i = 0; i < count; i++) {
                images.add(squares.get(i));
                holes.add(FreeFormMasks.forCase(bin, photos.name(i), size, size, seed));
                names.add(photos.name(i));
                groups.add(bin.label());
            }
        }
        return new ValidationSet(images.isEmpty() ? null : new Batch(-1, images, holes, names).prefilledBy(prefill), groups);
    }

    private static RgbImage centreSquare(RgbImage p, int size) {
        int shortSide = Math.min(p.width(), p.height());
        RgbImage square = p.crop(new Rect((p.width() - shortSide) / 2, (p.height() - shortSide) / 2, shortSide, shortSide));
        return Resize.image(square, size, size);
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
