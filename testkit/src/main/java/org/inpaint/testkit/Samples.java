package org.inpaint.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real sample media bundled for tests and benchmarks: about twenty photos (short side at most 512) and a
 * few seamless photo textures, all from Debian packages, and a 15 s street video clip with its clean background
 * plate; each folder's MANIFEST.tsv gives source and license.
 */
public final class Samples {

    private static final String ROOT = "/org/inpaint/testkit/samples/";

    /** The bundled clip: 384x288, 10 fps, 150 frames, H.264 with a keyframe every 10 frames, no audio. */
    public static final String VIDEO_CLIP = "vtest-15s-384x288.mp4";
    public static final int VIDEO_WIDTH = 384;
    public static final int VIDEO_HEIGHT = 288;
    public static final int VIDEO_FRAMES = 150;
    public static final int VIDEO_FPS = 10;

    private static Path videoClipFile;

    private Samples() {
    }

    /** File names of the sample photos (JPEG), in manifest order. */
    public static List<String> photos() {
        return names("photos");
    }

    /** File names of the sample textures (PNG tiles), in manifest order. */
    public static List<String> textures() {
        return names("textures");
    }

    public static byte[] photo(String name) {
        return bytes("photos/" + name);
    }

    public static byte[] texture(String name) {
        return bytes("textures/" + name);
    }

    /** The texture whose name contains {@code word} ("brick", "leaves", "pool"). */
    public static String textureNamed(String word) {
        return textures().stream().filter(n -> n.contains(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample texture named like " + word));
    }

    /** The photo whose name contains {@code word}. */
    public static String photoNamed(String word) {
        return photos().stream().filter(n -> n.contains(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample photo named like " + word));
    }

    /**
     * The sample street clip (static camera, pedestrians) as a file: copied once per JVM from the classpath to a
     * temporary file, since FFmpeg and GStreamer read paths, not streams. The file is deleted when the JVM exits.
     */
    public static synchronized Path videoClip() {
        if (videoClipFile == null || !Files.isRegularFile(videoClipFile)) {
            try {
                Path p = Files.createTempFile("inpaint-sample-", "-" + VIDEO_CLIP);
                Files.write(p, bytes("video/" + VIDEO_CLIP));
                p.toFile().deleteOnExit();
                videoClipFile = p;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return videoClipFile;
    }

    /** The clean background plate of {@link #videoClip()} (PNG, 384x288, RGB): the scene without people. */
    public static byte[] videoPlate() {
        return bytes("video/vtest-plate.png");
    }

    /** System property naming the repository's {@code models/} directory (set by the build for tests). */
    public static final String SHIPPED_MODELS_PROPERTY = "inpaint.test.shippedModels";

    /** The weight store of the models shipped in the repository; fails when the build did not say where it is. */
    public static Path shippedModels() {
        String dir = System.getProperty(SHIPPED_MODELS_PROPERTY);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            throw new IllegalStateException("system property " + SHIPPED_MODELS_PROPERTY + " must name the repository's models/ directory, got " + dir);
        }
        return Path.of(dir);
    }

    /** Copies the sample photos into {@code dir} and returns their paths. */
    public static List<Path> copyPhotosTo(Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> out = new ArrayList<>();
            for (String name : photos()) {
                Path p = dir.resolve(name);
                Files.write(p, photo(name));
                out.add(p);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(String folder) {
        try (InputStream in = Samples.class.getResourceAsStream(ROOT + folder + "/MANIFEST.tsv")) {
            if (in == null) {
                throw new IllegalStateException("sample manifest missing: " + folder);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    out.add(line.substring(0, line.indexOf('\t')));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String path) {
        try (InputStream in = Samples.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
