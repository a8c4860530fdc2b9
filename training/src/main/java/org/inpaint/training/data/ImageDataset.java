package org.inpaint.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.inpaint.core.InpaintException;

/**
 * A directory of photos, searched recursively, in a stable order (by relative path), and its deterministic split
 * into training and validation files.
 */
public final class ImageDataset {

    private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "webp", "bmp", "tif", "tiff");

    private final List<Path> roots;
    private final List<Path> files;

    private ImageDataset(List<Path> roots, List<Path> files) {
        this.roots = List.copyOf(roots);
        this.files = List.copyOf(files);
    }

    /**
     * The images of several directories, one after the other; their names start with the directory's own name
     * ("photos-more/x.jpg") so that files of the same name in two directories stay apart.
     */
    public static ImageDataset scanAll(List<Path> roots) {
        if (roots.size() == 1) {
            return scan(roots.get(0));
        }
        List<Path> files = new ArrayList<>();
        for (Path r : roots) {
            files.addAll(scan(r).files());
        }
        return new ImageDataset(roots, files);
    }

    /** All image files under {@code root}; fails naming the directory when it is missing or holds no images. */
    public static ImageDataset scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "data", "not a directory: " + root);
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> found = s.filter(Files::isRegularFile).filter(ImageDataset::isImage)
                    .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()))
                    .toList();
            if (found.isEmpty()) {
                throw new InpaintException(InpaintException.Kind.BAD_INPUT, "data",
                        "no images (" + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ") under " + root);
            }
            return new ImageDataset(List.of(root), found);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The (first) directory. */
    public Path root() {
        return roots.get(0);
    }

    public List<Path> files() {
        return files;
    }

    /** The file's path relative to the dataset root, with '/' separators (what the split and manifests use). */
    public String relative(Path file) {
        if (roots.size() == 1) {
            return roots.get(0).relativize(file).toString().replace('\\', '/');
        }
        for (Path r : roots) {
            if (file.startsWith(r)) {
                return (r.toAbsolutePath().normalize().getFileName() + "/" + r.relativize(file)).replace('\\', '/');
            }
        }
        throw new IllegalArgumentException(file + " is in none of " + roots);
    }

    /**
     * A split by file: a file goes to validation when a hash of its relative path and the seed falls below the
     * fraction, so the split does not change when files are added or removed elsewhere.
     */
    public Split split(double valFraction, long seed) {
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "valFraction", "must be in [0, 1), got " + valFraction);
        }
        List<Path> train = new ArrayList<>();
        List<Path> val = new ArrayList<>();
        for (Path f : files) {
            (unitHash(relative(f), seed) < valFraction ? val : train).add(f);
        }
        if (train.isEmpty()) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "valFraction",
                    "leaves no training images among " + files.size());
        }
        return new Split(train, val);
    }

    /** Training and validation files. */
    public record Split(List<Path> train, List<Path> val) {
    }

    static double unitHash(String text, long seed) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (h >>> 11) / (double) (1L << 53);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
