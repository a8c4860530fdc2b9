package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.inpaint.ingest.video.ClipGenerator;
import org.inpaint.training.data.ImageDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "clips", mixinStandardHelpOptions = true, description = {
    "Generate test clips with known truth from real photos: objects cut from photos moving over a photo scene, seen",
    "by a still camera, a panning and zooming one, or under flickering light; with sensor noise and H.264.",
    "Each clip gets DIR/<camera>/clip.mp4, clean.mp4, masks/NNNNN.png (and plate.png for a still camera), ready for",
    "'inpaint eval video --input clip.mp4 --truth clean.mp4 --truth-masks masks'."})
public final class ClipsCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the clips go.")
    Path out;

    @Option(names = "--photos", paramLabel = "DIR", description = "Photos for scenes and objects (default: ${DEFAULT-VALUE}).")
    Path photos = Path.of("../shared/data/photos/train");

    @Option(names = "--camera", split = ",", paramLabel = "KIND", description = "still, pan, flicker (default: all three).")
    List<String> cameras = List.of("still", "pan", "flicker");

    @Option(names = "--size", paramLabel = "WxH", description = "Frame size (default: ${DEFAULT-VALUE}).")
    String size = "480x320";

    @Option(names = "--frames", description = "Frames per clip (default: ${DEFAULT-VALUE}).")
    int frames = 150;

    @Option(names = "--objects", description = "Moving objects per clip (default: ${DEFAULT-VALUE}).")
    int objects = 4;

    @Option(names = "--noise", description = "Sensor noise, standard deviation in grey levels (default: ${DEFAULT-VALUE}).")
    double noise = 2.0;

    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--selection", description = {
        "Also write what selecting the first object should give: selection.txt (its box at frame 0), others.mp4 (the",
        "scene with the other objects) and selected/NNNNN.png (its masks); it is in front of the others."})
    boolean selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw org.inpaint.core.InpaintException.badInput("--size", "expected WxH, got '" + size + "'");
        }
        int width = Integer.parseInt(wh[0].trim()), height = Integer.parseInt(wh[1].trim());
        if (width < 64 || height < 64 || width > 4096 || height > 4096 || frames < 2) {
            throw org.inpaint.core.InpaintException.badInput("--size", "frames of 64 to 4096 pixels a side and at least 2 frames, got "
                    + size + " and " + frames);
        }
        List<Path> files = ImageDataset.scan(photos).files();
        for (String c : cameras) {
            ClipGenerator.Camera camera = ClipGenerator.Camera.parse(c, "--camera");
            ClipGenerator.Spec s = new ClipGenerator.Spec(camera, width, height, frames, 15, objects, noise, 20, seed, selection);
            Path dir = out.resolve(camera.name().toLowerCase(Locale.ROOT));
            ClipGenerator.Clip clip = ClipGenerator.write(s, files, dir);
            w.printf(Locale.ROOT, "%-8s %s (objects cover %.1f %% of the pixels)%n", c, dir, 100 * clip.objectRatio());
        }
        return 0;
    }
}
