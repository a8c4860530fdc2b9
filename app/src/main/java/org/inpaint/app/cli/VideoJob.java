package org.inpaint.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.config.Settings;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamRunner;
import org.inpaint.app.stream.StreamSpec;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.ingest.mask.FrameMasks;
import org.inpaint.ingest.mask.MaskProvider;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.ingest.video.VideoSourceSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** A whole video through the stream pipeline, offline (every frame processed): what `video` and `eval video` share. */
final class VideoJob {

    /** How the holes of each frame are found; exactly one. */
    static final class Holes {
        @Option(names = {"-m", "--mask"}, paramLabel = "FILE", description = "Mask image of the frame size (white = hole), the same for every frame.")
        Path mask;

        @Option(names = "--box", paramLabel = "x,y,w,h", description = "A fixed rectangular hole; repeatable.")
        List<String> boxes;

        @Option(names = "--masks", paramLabel = "DIR|VIDEO", description = {
            "One mask per frame: a directory of images (white = hole) in natural name order, or a mask video."})
        Path frameMasks;

        @Option(names = "--motion", description = "Holes where the frame differs from the learnt background (static cameras).")
        boolean motion;

        @Option(names = "--select", paramLabel = "x,y,w,h[@FRAME]", description = {
            "Remove the object in this box (or under this click, x,y) at FRAME (default 0) from there on: tracked (CSRT),",
            "segmented again in the tracked box every frame, filled from the learnt background (static cameras)."})
        String select;
    }

    /** The options every offline video job takes besides its input and holes. */
    static final class Options {
        @Option(names = "--region", paramLabel = "x,y,w,h", description = "With --motion: only inside these rectangles; repeatable.")
        List<String> region = new ArrayList<>();

        @Option(names = {"-e", "--engine"}, paramLabel = "NAME", description = "Engine for what the background cannot fill (default from configuration).")
        String engine;

        @Option(names = "--no-temporal", description = "Do not fill holes from the learnt background (on by default).")
        boolean noTemporal;

        @Option(names = "--moving-camera", description = {
            "The camera pans or zooms: each frame is registered to the first (ORB + RANSAC homography) and the",
            "background is learnt on a panorama. With --masks or --motion."})
        boolean movingCamera;

        @Option(names = "--max-age", description = "Frames a background pixel stays usable after it was last seen, and a carried fill before it is redone (default: ${DEFAULT-VALUE}).")
        int maxAge = 1800;
    }

    /** What came out: the stream's counters, the wall time, and the last frame failure if any. */
    record Outcome(StreamRunner.StreamStats stats, double seconds, String lastFailure) {
    }

    private VideoJob() {
    }

    static MaskProvider maskProvider(Holes holes, Options options) {
        if (holes.motion) {
            return Masks.motion(options.region, "--region", options.movingCamera);
        }
        if (holes.mask != null) {
            return Masks.image(ImageCodec.readBytes(holes.mask, "--mask"), "--mask");
        }
        if (holes.select != null) {
            if (options.movingCamera) {
                throw InpaintException.badInput("--moving-camera", "a selection is filled from a still camera's background");
            }
            return org.inpaint.ingest.mask.TrackedSelection.parse(holes.select, "--select");
        }
        if (holes.frameMasks != null) {
            return FrameMasks.open(holes.frameMasks, "--masks", options.movingCamera);
        }
        return Masks.boxes(holes.boxes, "--box");
    }

    static VideoSourceSpec fileOrUrl(String input) {
        VideoSourceSpec source = VideoSourceSpec.file(input);
        if (!source.isNetwork() && !Files.isRegularFile(Path.of(input))) {
            throw InpaintException.badInput("--input", input + " does not exist");
        }
        return source;
    }

    /** Runs the input through masks, background and engine into the sinks, every frame, and waits for the end. */
    static Outcome run(Settings settings, VideoSourceSpec source, Options options, MaskProvider masks,
                       java.util.function.Function<StreamRunner, List<FrameSink>> sinks) throws Exception {
        String engineName = options.engine != null ? options.engine : settings.inference().defaultEngine();
        EngineRegistry registry = EngineRegistry.load();
        engineName = org.inpaint.app.engines.RequestEngines.forStream(engineName);
        registry.requireReady(engineName);
        long t0 = System.nanoTime();
        try (BatchScheduler scheduler = BatchScheduler.create(registry, settings.roiPlanner(), settings.inference().scheduler());
             MaskProvider provider = masks) {
            StreamSpec stream = new StreamSpec("video", source, engineName, false, !options.noTemporal, options.maxAge);
            StreamRunner runner = new StreamRunner(stream, scheduler, provider, List.of());
            sinks.apply(runner).forEach(runner::addSink);
            runner.start();
            runner.ended().get(24, TimeUnit.HOURS);
            runner.stop(Duration.ofSeconds(30));
            StreamRunner.StreamStats stats = runner.stats();
            if (stats.lastError() != null && stats.framesIn() == 0) {
                throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, "--input", stats.lastError());
            }
            if (provider instanceof org.inpaint.ingest.mask.TrackedSelection s && !s.started()) {
                throw InpaintException.badInput("--select", "frame " + s.startFrame() + " is past the end of the video ("
                        + stats.framesIn() + " frames)");
            }
            String lost = provider instanceof org.inpaint.ingest.mask.TrackedSelection s && s.lostAt() >= 0
                    ? "the selected object was lost at frame " + s.lostAt() + "; later frames keep it" : null;
            return new Outcome(stats, (System.nanoTime() - t0) / 1e9, lost != null ? lost : runner.lastFailure());
        }
    }
}
