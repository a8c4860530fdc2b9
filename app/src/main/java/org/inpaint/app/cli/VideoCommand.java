package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.app.config.Settings;
import org.inpaint.app.sinks.VideoFileSink;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;
import org.inpaint.app.stream.StreamRunner;
import org.inpaint.app.stream.StreamSpec;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.ingest.mask.MaskProvider;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.ingest.video.VideoSourceSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "video", mixinStandardHelpOptions = true, description = {
    "Remove objects from a video file or stream and write an H.264 mp4 (or publish to an rtsp:// URL).",
    "Holes: a fixed --mask / --box region, or --motion (whatever moves, optionally only inside --region)."})
public final class VideoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|URL", description = "Video file, or rtsp:// / http(s):// URL.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|URL", description = "Output .mp4 file or rtsp:// URL to publish to.")
    String output;

    static final class Holes {
        @Option(names = {"-m", "--mask"}, paramLabel = "FILE", description = "Mask image of the frame size (white = hole).")
        Path mask;

        @Option(names = "--box", paramLabel = "x,y,w,h", description = "A fixed rectangular hole; repeatable.")
        List<String> boxes;

        @Option(names = "--motion", description = "Holes where something moves (background subtraction; static cameras).")
        boolean motion;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Holes holes;

    @Option(names = "--region", paramLabel = "x,y,w,h", description = "With --motion: only inside these rectangles; repeatable.")
    List<String> region = new ArrayList<>();

    @Option(names = {"-e", "--engine"}, paramLabel = "NAME", description = "Engine for what memory cannot fill (default from configuration).")
    String engine;

    @Option(names = "--no-temporal", description = "Do not fill holes from the remembered background (on by default).")
    boolean noTemporal;

    @Option(names = "--max-age", description = "Frames a remembered background pixel stays usable (default: ${DEFAULT-VALUE}).")
    int maxAge = 300;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load(Map.of());
        String engineName = engine != null ? engine : settings.inference().defaultEngine();
        EngineRegistry registry = EngineRegistry.load();
        registry.requireReady(engineName);
        VideoSourceSpec source = VideoSourceSpec.file(input);
        if (!source.isNetwork() && !Files.isRegularFile(Path.of(input))) {
            throw InpaintException.badInput("--input", input + " does not exist");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        AtomicLong written = new AtomicLong();
        AtomicLong holePixels = new AtomicLong();
        try (BatchScheduler scheduler = BatchScheduler.create(registry, settings.roiPlanner(), settings.inference().scheduler());
             MaskProvider masks = maskProvider()) {
            double[] frameRate = {0};
            VideoFileSink file = new VideoFileSink(output, () -> frameRate[0]);
            FrameSink progress = new FrameSink() {
                @Override
                public void accept(StreamResult r) {
                    long n = written.incrementAndGet();
                    holePixels.addAndGet(r.holes().holeCount());
                    if (n % 25 == 0) {
                        err.printf("\rframes %d (%.1f fps)", n, n / ((System.nanoTime() - t0) / 1e9));
                        err.flush();
                    }
                }

                @Override
                public void close() {
                    err.println();
                }
            };
            StreamSpec stream = new StreamSpec("video", source, engineName, false, !noTemporal, maxAge);
            StreamRunner runner = new StreamRunner(stream, scheduler, masks, List.of(file, progress));
            frameRate[0] = runner.probeFrameRate();
            runner.start();
            runner.ended().get(24, TimeUnit.HOURS);
            runner.stop(Duration.ofSeconds(30));
            StreamRunner.StreamStats stats = runner.stats();
            if (stats.lastError() != null && stats.framesIn() == 0) {
                throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, "--input", stats.lastError());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("frames in %d, out %d, failed %d, %.1f s (%.1f fps), %d hole pixels filled -> %s%n", stats.framesIn(),
                    stats.framesOut(), stats.failed(), seconds, stats.framesOut() / seconds, holePixels.get(), output);
            return stats.failed() == 0 ? 0 : 1;
        }
    }

    private MaskProvider maskProvider() {
        if (holes.motion) {
            return Masks.motion(region, "--region");
        }
        if (holes.mask != null) {
            return Masks.image(ImageCodec.readBytes(holes.mask, "--mask"), "--mask");
        }
        return Masks.boxes(holes.boxes, "--box");
    }
}
