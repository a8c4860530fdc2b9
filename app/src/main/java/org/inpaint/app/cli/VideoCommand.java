package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.app.config.Settings;
import org.inpaint.app.sinks.VideoFileSink;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;
import org.inpaint.ingest.video.VideoSourceSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "video", mixinStandardHelpOptions = true, description = {
    "Remove objects from a video file or stream and write an H.264 mp4 (or publish to an rtsp:// URL).",
    "Holes: a fixed --mask / --box region, one mask per frame (--masks), or --motion (whatever differs from the",
    "learnt background, optionally only inside --region). Holes are filled from the background where it was seen,",
    "the rest by the engine, once, then carried."})
public final class VideoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE|URL", description = "Video file, or rtsp:// / http(s):// URL.")
    String input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE|URL", description = "Output .mp4 file or rtsp:// URL to publish to.")
    String output;

    @ArgGroup(exclusive = true, multiplicity = "1")
    VideoJob.Holes holes;

    @Mixin
    VideoJob.Options options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load(Map.of());
        VideoSourceSpec source = VideoJob.fileOrUrl(input);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        AtomicLong written = new AtomicLong();
        AtomicLong holePixels = new AtomicLong();
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
        VideoJob.Outcome o = VideoJob.run(settings, source, options, VideoJob.maskProvider(holes, options),
                runner -> List.of(new VideoFileSink(output, runner::probeFrameRate), progress));
        out.printf("frames in %d, out %d, failed %d, %.1f s (%.1f fps), %d hole pixels filled -> %s%n", o.stats().framesIn(),
                o.stats().framesOut(), o.stats().failed(), o.seconds(), o.stats().framesOut() / o.seconds(), holePixels.get(), output);
        if (o.lastFailure() != null) {
            err.println("last failure: " + o.lastFailure());
        }
        return o.stats().failed() == 0 ? 0 : 1;
    }
}
