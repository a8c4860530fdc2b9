package org.inpaint.app.cli;

import org.inpaint.app.engines.RequestEngines;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.app.config.Settings;
import org.inpaint.core.InpaintException;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.DecodedImage;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.core.image.Mask;
import org.inpaint.core.segment.Clicks;
import org.inpaint.core.segment.Scribbles;
import org.inpaint.core.segment.Segmenter;
import org.inpaint.core.image.RgbImage;
import org.inpaint.ingest.directory.ImageDirectory;
import org.inpaint.ingest.directory.ImageMaskPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "image", mixinStandardHelpOptions = true, description = {
    "Fill the holes of one image, or of every image in a directory.",
    "Holes come from --mask (white = hole, or transparent = hole), --box, --polygons, or the image's own transparency.",
    "With a directory as --input, the mask of photo.jpg is photo.png, photo_mask.*, photo-mask.* or photo.mask.* in",
    "the --mask directory (default: the input directory), and --output is a directory."})
public final class ImageCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|DIR", description = "Image file or directory of images.")
    Path input;

    @Option(names = {"-m", "--mask"}, paramLabel = "FILE|DIR", description = "Mask image (white = hole), or directory of masks.")
    Path mask;

    @Option(names = "--box", paramLabel = "x,y,w,h", description = "A rectangular hole; repeat for several.")
    List<String> boxes = new ArrayList<>();

    @Option(names = "--polygons", paramLabel = "FILE", description = "JSON file: {\"polygons\": [[[x,y],...]], \"boxes\": [[x,y,w,h]]}.")
    Path polygons;

    @Option(names = "--select", paramLabel = "x,y,w,h", description = "The object inside this box (segmented by GrabCut) is the hole; repeatable.")
    List<String> selects = new ArrayList<>();

    @Option(names = "--click", paramLabel = "x,y", description = "The object under this point is the hole (segmented from the click); repeatable, all on one object.")
    List<String> clicks = new ArrayList<>();

    @Option(names = "--click-background", paramLabel = "x,y", description = "With --click: a point that is not the object, to correct the selection; repeatable.")
    List<String> backgroundClicks = new ArrayList<>();

    @Option(names = "--scribble", paramLabel = "x,y;x,y;...", description = "A stroke over the object (a polyline): the object under it is the hole; repeatable, all on one object.")
    List<String> scribbles = new ArrayList<>();

    @Option(names = "--scribble-background", paramLabel = "x,y;x,y;...", description = "With --scribble: a stroke over what is not the object; repeatable.")
    List<String> backgroundScribbles = new ArrayList<>();

    @Option(names = "--write-mask", paramLabel = "FILE", description = "Also write the holes used (white = hole), e.g. to check a --select.")
    Path writeMask;

    @Option(names = {"-e", "--engine"}, paramLabel = "NAME", description = "Engine (see 'inpaint engines'); default from configuration.")
    String engine;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|DIR", description = "Output file (format from its extension) or directory.")
    Path output;

    @Option(names = "--attention", paramLabel = "FILE", description = "Also write the network's attention as a colour-coded offset image (deepfill, csa).")
    Path attention;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = config.load(Map.of());
        String engineName = engine != null ? engine : settings.inference().defaultEngine();
        EngineRegistry registry = EngineRegistry.load();
        ImageCodec codec = new ImageCodec(settings.maxPixels());
        if (!Files.exists(input)) {
            throw InpaintException.badInput("--input", input + " does not exist");
        }
        if (RequestEngines.isAuto(engineName)) {
            if (attention != null) {
                throw InpaintException.badInput("--attention", "needs a network named by --engine (deepfill or csa), not auto");
            }
            RequestEngines engines = new RequestEngines(registry);
            Map<String, Inpainter> open = new java.util.LinkedHashMap<>();
            try {
                java.util.function.Function<Mask, Inpainter> chosen = holes -> open.computeIfAbsent(
                        engines.forImage(engineName, holes), n -> new Inpainter(registry.create(n), settings.roiPlanner()));
                return Files.isDirectory(input) ? directory(chosen, codec) : single(chosen, codec);
            } finally {
                open.values().forEach(Inpainter::close);
            }
        }
        InpaintEngine engine = registry.create(engineName);
        if (attention != null && !(engine instanceof NeuralEngine)) {
            engine.close();
            throw InpaintException.badInput("--attention", "engine '" + engineName + "' has no attention to show; use deepfill or csa");
        }
        try (Inpainter inpainter = new Inpainter(engine, settings.roiPlanner())) {
            if (attention != null) {
                writeAttention((NeuralEngine) engine, codec);
            }
            return Files.isDirectory(input) ? directory(holes -> inpainter, codec) : single(holes -> inpainter, codec);
        }
    }

    /** The attention of the whole image at the network's working size, rendered at the image's size. */
    private void writeAttention(NeuralEngine engine, ImageCodec codec) {
        if (Files.isDirectory(input)) {
            throw InpaintException.badInput("--attention", "--attention takes a single image, not a directory");
        }
        DecodedImage image = codec.read(input, "--input");
        Mask holes = holes(image, mask, codec);
        Inpainter.validate(image.image(), holes);
        RgbImage picture = engine.attentionOfWholeImage(image.image(), holes).orElseThrow(() ->
                InpaintException.badInput("--attention", "engine '" + engine.info().name() + "' exposes no attention flow"));
        codec.write(attention, picture);
        spec.commandLine().getOut().println("attention -> " + attention);
    }

    private int single(java.util.function.Function<Mask, Inpainter> inpainters, ImageCodec codec) {
        DecodedImage image = codec.read(input, "--input");
        Mask holes = holes(image, mask, codec);
        Inpainter inpainter = inpainters.apply(holes);
        long t0 = System.nanoTime();
        RgbImage out = inpainter.inpaint(image.image(), holes);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        codec.write(output, out);
        if (writeMask != null) {
            try {
                java.nio.file.Files.write(writeMask, codec.encodeGray(holes.width(), holes.height(), holes.toGray(),
                        org.inpaint.core.codec.ImageFormat.PNG));
            } catch (java.io.IOException e) {
                throw InpaintException.badInput("--write-mask", "cannot write " + writeMask + ": " + e.getMessage());
            }
        }
        spec.commandLine().getOut().printf("%s -> %s (%s, %d%% hole, %d ms)%n", input, output,
                inpainter.engineInfo().name(), Math.round(100 * holes.holeRatio()), ms);
        return 0;
    }

    private int directory(java.util.function.Function<Mask, Inpainter> inpainters, ImageCodec codec) {
        if (Files.isRegularFile(output)) {
            throw InpaintException.badInput("--output", "with a directory as --input, --output must be a directory, not the file " + output);
        }
        Path maskDir = mask != null ? mask : input;
        if (!Files.isDirectory(maskDir)) {
            throw InpaintException.badInput("--mask", "with a directory as --input, --mask must be a directory: " + maskDir);
        }
        boolean masksGiven = !boxes.isEmpty() || polygons != null || !selects.isEmpty() || !clicks.isEmpty() || !scribbles.isEmpty();
        List<ImageMaskPair> pairs = ImageDirectory.pairs(input, maskDir);
        if (pairs.isEmpty()) {
            throw InpaintException.badInput("--input", "no images (jpg, png, webp, bmp, tiff) in " + input);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err, pairs.size());
        List<String> failures = new ArrayList<>();
        java.util.Set<String> used = new java.util.LinkedHashSet<>();
        long t0 = System.nanoTime();
        int done = 0;
        for (ImageMaskPair pair : pairs) {
            String name = pair.image().getFileName().toString();
            try {
                DecodedImage image = codec.read(pair.image(), name);
                Path maskFile = pair.mask().orElse(null);
                if (maskFile == null && !masksGiven && !image.hasTransparency()) {
                    throw InpaintException.badInput("mask", "no mask named like " + name + " in " + maskDir);
                }
                Mask holes = holes(image, maskFile, codec);
                Inpainter inpainter = inpainters.apply(holes);
                used.add(inpainter.engineInfo().name());
                RgbImage filled = inpainter.inpaint(image.image(), holes);
                String base = name.substring(0, name.lastIndexOf('.'));
                codec.write(output.resolve(base + ".png"), filled);
                done++;
            } catch (InpaintException e) {
                failures.add(name + ": " + e.getMessage());
            }
            bar.step(name);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf("done %d, failed %d, %.1f s (%s) -> %s%n", done, failures.size(), seconds,
                String.join(", ", used), output);
        failures.forEach(f -> out.println("  failed " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private Mask holes(DecodedImage image, Path maskFile, ImageCodec codec) {
        int w = image.image().width();
        int h = image.image().height();
        Mask holes = null;
        if (maskFile != null) {
            holes = new MaskCodec(codec).decodeImage(ImageCodec.readBytes(maskFile, "--mask"), "mask");
        }
        if (!boxes.isEmpty()) {
            Mask b = MaskCodec.fromBoxes(w, h, boxes, "--box");
            holes = holes == null ? b : union(holes, b);
        }
        if (polygons != null) {
            Mask p = MaskCodec.fromJson(w, h, ImageCodec.readString(polygons, "--polygons"), "--polygons");
            holes = holes == null ? p : union(holes, p);
        }
        if (!selects.isEmpty()) {
            Mask s = new Segmenter().fromBoxes(image.image(), Segmenter.parseBoxes(selects, "--select"), "--select");
            holes = holes == null ? s : union(holes, s);
        }
        if (!clicks.isEmpty() || !backgroundClicks.isEmpty()) {
            Clicks c = Clicks.parse(String.join(";", clicks), String.join(";", backgroundClicks), "--click");
            Mask s = new Segmenter().fromClicks(image.image(), c, "--click");
            holes = holes == null ? s : union(holes, s);
        }
        if (!scribbles.isEmpty() || !backgroundScribbles.isEmpty()) {
            Scribbles strokes = Scribbles.parse(scribbles, backgroundScribbles, "--scribble");
            Mask s = new Segmenter().fromScribbles(image.image(), strokes, "--scribble");
            holes = holes == null ? s : union(holes, s);
        }
        if (holes == null && image.hasTransparency()) {
            holes = image.alphaMask();
        }
        if (holes == null) {
            throw InpaintException.badInput("--mask", "no holes given: use --mask, --box, --polygons, --select, --click or --scribble, "
                    + "or give an image with transparent holes");
        }
        return holes;
    }

    private static Mask union(Mask a, Mask b) {
        return a.requireSize(b.width(), b.height(), "mask").union(b);
    }
}
