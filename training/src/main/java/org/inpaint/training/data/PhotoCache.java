package org.inpaint.training.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;

/**
 * Training photos decoded once and kept in memory, rescaled so the shorter side is between the crop size and
 * {@code maxScale} times it: every crop then needs only a small resize, and a few hundred photos fit easily.
 */
public final class PhotoCache {

    private final List<String> names;
    private final List<RgbImage> photos;

    private PhotoCache(List<String> names, List<RgbImage> photos) {
        this.names = names;
        this.photos = photos;
    }

    /** Decodes every file; a file that cannot be decoded fails the load naming it. */
    public static PhotoCache load(ImageDataset dataset, List<Path> files, int cropSize, double maxScale) {
        ImageCodec codec = ImageCodec.withDefaults();
        List<String> names = new ArrayList<>(files.size());
        List<RgbImage> photos = new ArrayList<>(files.size());
        for (Path f : files) {
            RgbImage img;
            try {
                img = codec.read(f, "data").image();
            } catch (InpaintException e) {
                throw new InpaintException(e.kind(), "data", dataset.relative(f) + ": " + e.getMessage(), e);
            }
            photos.add(fit(img, cropSize, maxScale));
            names.add(dataset.relative(f));
        }
        return new PhotoCache(List.copyOf(names), List.copyOf(photos));
    }

    /** Scales so the shorter side lies in [cropSize, cropSize · maxScale]. */
    static RgbImage fit(RgbImage img, int cropSize, double maxScale) {
        int shortSide = Math.min(img.width(), img.height());
        double target = Math.min(Math.max(shortSide, cropSize), cropSize * maxScale);
        if (target == shortSide) {
            return img;
        }
        double f = target / shortSide;
        return Resize.image(img, Math.max(cropSize, (int) Math.round(img.width() * f)),
                Math.max(cropSize, (int) Math.round(img.height() * f)));
    }

    public int size() {
        return photos.size();
    }

    public RgbImage photo(int i) {
        return photos.get(i);
    }

    public String name(int i) {
        return names.get(i);
    }

    public List<String> names() {
        return names;
    }
}
