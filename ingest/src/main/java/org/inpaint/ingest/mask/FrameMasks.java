package org.inpaint.ingest.mask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.video.BackgroundModel;
import org.inpaint.core.video.SceneBackground;
import org.inpaint.ingest.video.VideoSamples;

/**
 * One mask per frame, as video inpainting models take them (ProPainter, E2FGVI): a directory of images (white =
 * hole) taken in natural name order ({@code 2.png} before {@code 10.png}), or a mask video whose frames are
 * thresholded at half grey. The N-th frame asked for gets the N-th mask; a missing mask or one of another size is a
 * bad input naming frame N.
 */
public final class FrameMasks implements MaskProvider {

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".webp");

    private final String field;
    private final List<Path> files;
    private final VideoSamples.Reader video;
    private final MaskCodec codec = new MaskCodec(ImageCodec.withDefaults());
    private final SceneBackground model;
    private long next;

    private FrameMasks(String field, List<Path> files, VideoSamples.Reader video, boolean movingCamera) {
        this.model = SceneBackground.of(movingCamera, BackgroundModel.Settings.defaults().neverAbsorbing());
        this.field = field;
        this.files = files;
        this.video = video;
    }

    /** Masks from a directory of images or from a mask video, for a still camera. */
    public static FrameMasks open(Path source, String field) {
        return open(source, field, false);
    }

    /** Masks from a directory of images or from a mask video; the fill learns a moving camera's panorama if asked. */
    public static FrameMasks open(Path source, String field, boolean movingCamera) {
        if (Files.isDirectory(source)) {
            List<Path> files = list(source, field);
            if (files.isEmpty()) {
                throw InpaintException.badInput(field, source + " holds no mask images (" + String.join(", ", IMAGE_EXTENSIONS) + ")");
            }
            return new FrameMasks(field, files, null, movingCamera);
        }
        if (Files.isRegularFile(source)) {
            return new FrameMasks(field, null, VideoSamples.reader(source.toString(), field), movingCamera);
        }
        throw InpaintException.badInput(field, source + " is neither a directory of masks nor a mask video");
    }

    /** How many masks a directory holds (-1 for a mask video, whose length is known only at its end). */
    public int count() {
        return files == null ? -1 : files.size();
    }

    /** The background learnt from what the masks leave known; the stream fills the holes from it. */
    @Override
    public Optional<SceneBackground> background() {
        return Optional.of(model);
    }

    /**
     * Starts the background from the samples' pixels outside their own masks (a directory of masks only; a mask
     * video is read in order, so its stream learns as it goes).
     */
    @Override
    public synchronized void prime(List<RgbImage> samples, long[] indices) {
        if (files == null) {
            return;
        }
        List<RgbImage> frames = new ArrayList<>();
        List<Mask> holes = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (indices[i] < files.size()) {
                Mask m = fromFile(indices[i]);
                if (m.width() == samples.get(i).width() && m.height() == samples.get(i).height()) {
                    frames.add(samples.get(i));
                    holes.add(m);
                    used.add(indices[i]);
                }
            }
        }
        if (!frames.isEmpty()) {
            model.prime(frames, holes, used.stream().mapToLong(Long::longValue).toArray());
        }
    }

    @Override
    public synchronized Mask maskFor(RgbImage frame) {
        long index = next++;
        Mask mask = files != null ? fromFile(index) : fromVideo(index);
        if (mask.width() != frame.width() || mask.height() != frame.height()) {
            throw InpaintException.badInput(field, "the mask of frame " + index + " is " + mask.width() + "x" + mask.height()
                    + " but the frame is " + frame.width() + "x" + frame.height());
        }
        return mask;
    }

    private Mask fromFile(long index) {
        if (index >= files.size()) {
            throw InpaintException.badInput(field, "no mask for frame " + index + ": there are " + files.size() + " masks");
        }
        Path file = files.get((int) index);
        try {
            return codec.decodeImage(Files.readAllBytes(file), field + " (frame " + index + ": " + file.getFileName() + ")");
        } catch (IOException e) {
            throw InpaintException.badInput(field, "cannot read the mask of frame " + index + " (" + file + "): " + e.getMessage());
        }
    }

    private Mask fromVideo(long index) {
        RgbImage m = video.next();
        if (m == null) {
            throw InpaintException.badInput(field, "no mask for frame " + index + ": the mask video has only " + index + " frames");
        }
        byte[] gray = new byte[m.width() * m.height()];
        byte[] rgb = m.data();
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) (((rgb[3 * i] & 0xFF) + (rgb[3 * i + 1] & 0xFF) + (rgb[3 * i + 2] & 0xFF)) / 3);
        }
        return Mask.threshold(m.width(), m.height(), gray, 127);
    }

    private static List<Path> list(Path dir, String field) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> IMAGE_EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(e)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), FrameMasks::naturalOrder))
                    .toList();
        } catch (IOException e) {
            throw InpaintException.badInput(field, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** Compares names with their digit runs as numbers: {@code f2.png < f10.png}. */
    static int naturalOrder(String a, String b) {
        Matcher ma = NUMBER.matcher(a);
        Matcher mb = NUMBER.matcher(b);
        int ia = 0, ib = 0;
        while (ma.find(ia) && mb.find(ib)) {
            int prefix = a.substring(ia, ma.start()).compareTo(b.substring(ib, mb.start()));
            if (prefix != 0) {
                return prefix;
            }
            int byValue = new java.math.BigInteger(ma.group()).compareTo(new java.math.BigInteger(mb.group()));
            if (byValue != 0) {
                return byValue;
            }
            ia = ma.end();
            ib = mb.end();
        }
        int rest = a.substring(ia).compareTo(b.substring(ib));
        return rest != 0 ? rest : a.compareTo(b);
    }

    @Override
    public void close() {
        if (video != null) {
            video.close();
        }
        model.close();
    }
}
