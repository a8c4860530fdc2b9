package org.inpaint.ingest.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.inpaint.core.codec.ImageFormat;

/**
 * The images of a directory (not recursive, sorted by name) paired with their masks by name. The mask of
 * {@code photo.jpg} is the first of {@code photo.png}, {@code photo_mask.*}, {@code photo-mask.*},
 * {@code photo.mask.*} found in the mask directory (any image extension). When images and masks share one
 * directory, files named like masks are not taken as images.
 */
public final class ImageDirectory {

    private static final String[] MASK_SUFFIXES = {"_mask", "-mask", ".mask"};

    private ImageDirectory() {
    }

    public static List<ImageMaskPair> pairs(Path imageDir, Path maskDir) {
        List<Path> images = list(imageDir).stream().filter(p -> !looksLikeMask(p)).toList();
        List<Path> masks = maskDir == null ? List.of() : list(maskDir);
        List<ImageMaskPair> out = new ArrayList<>(images.size());
        for (Path image : images) {
            out.add(new ImageMaskPair(image, maskFor(image, masks, imageDir.equals(maskDir))));
        }
        return out;
    }

    /** Image files of a directory, sorted by name. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> ImageFormat.ofFileName(p.getFileName().toString()) != null)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean looksLikeMask(Path p) {
        String base = baseName(p).toLowerCase(Locale.ROOT);
        for (String suffix : MASK_SUFFIXES) {
            if (base.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Path> maskFor(Path image, List<Path> masks, boolean sameDir) {
        String base = baseName(image);
        List<String> wanted = new ArrayList<>();
        if (!sameDir) {
            wanted.add(base);
        }
        for (String suffix : MASK_SUFFIXES) {
            wanted.add(base + suffix);
        }
        for (String name : wanted) {
            for (Path m : masks) {
                if (baseName(m).equals(name) && !m.equals(image)) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.empty();
    }

    static String baseName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
