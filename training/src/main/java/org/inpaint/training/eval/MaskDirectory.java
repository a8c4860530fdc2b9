package org.inpaint.training.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.training.masks.HoleRatioBin;

/**
 * Evaluation masks given as files: the masks of {@code NAME.jpg} are the files {@code NAME__*.png} of one
 * directory (white = hole, or transparent = hole in a PNG with transparency). Each mask is reported under the
 * tenth of (0, 1] its measured hole ratio falls in, so the bins say what the masks are, not what they were
 * meant to be.
 */
public final class MaskDirectory {

    public static final String SEPARATOR = "__";

    private MaskDirectory() {
    }

    /**
     * One case per mask file, sorted by bin, then image, then file name.
     *
     * @throws InpaintException BAD_INPUT (field "--masks") when an image has no mask, or a mask does not fit its
     *                          image, is empty or covers the whole image
     */
    public static List<Evaluation.Case> cases(List<Evaluation.Sample> samples, Path dir, ImageCodec codec) {
        if (!Files.isDirectory(dir)) {
            throw InpaintException.badInput("--masks", dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MaskCodec masks = new MaskCodec(codec);
        record Binned(HoleRatioBin bin, Evaluation.Case testCase) {
        }
        List<Binned> cases = new ArrayList<>();
        List<String> without = new ArrayList<>();
        for (Evaluation.Sample sample : samples) {
            String prefix = baseName(sample.name()) + SEPARATOR;
            int found = 0;
            for (Path f : files) {
                String file = f.getFileName().toString();
                if (!file.startsWith(prefix) || !file.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
                    continue;
                }
                Mask m = masks.decodeImage(ImageCodec.readBytes(f, "--masks"), "--masks");
                if (!sample.truth().sameSize(m)) {
                    throw InpaintException.badInput("--masks", "mask " + file + " is " + m.width() + "x" + m.height()
                            + " but " + sample.name() + " is " + sample.truth().width() + "x" + sample.truth().height());
                }
                if (m.isEmpty() || m.isFull()) {
                    throw InpaintException.badInput("--masks", "mask " + file + (m.isEmpty()
                            ? " marks no pixel as a hole (white = hole)" : " covers the whole image"));
                }
                HoleRatioBin bin = HoleRatioBin.tenthOf(m.holeRatio());
                cases.add(new Binned(bin, new Evaluation.Case(sample, bin.label(), m)));
                found++;
            }
            if (found == 0) {
                without.add(sample.name());
            }
        }
        if (!without.isEmpty()) {
            throw InpaintException.badInput("--masks", "no masks NAME" + SEPARATOR + "*.png in " + dir + " for "
                    + String.join(", ", without));
        }
        cases.sort(Comparator.comparingDouble(b -> b.bin().lo()));
        return cases.stream().map(Binned::testCase).toList();
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? fileName : fileName.substring(0, dot);
    }
}
