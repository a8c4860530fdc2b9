package org.inpaint.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.app.config.Settings;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.core.quality.VideoScore;
import org.inpaint.ingest.mask.FrameMasks;
import org.inpaint.ingest.video.VideoSamples;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "video", mixinStandardHelpOptions = true, description = {
    "Score object removal on a clip against its clean truth (a clean video, or a background plate for a static",
    "camera): PSNR and SSIM inside the objects and outside, the holes' precision/recall/IoU against the objects,",
    "flicker inside the holes, and frames/s. Objects are the --truth-masks when given, else where the input",
    "differs from the truth by more than --object-threshold in any channel, grown by --object-grow pixels."})
public final class EvalVideoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The clip with the objects.")
    Path input;

    @Option(names = "--truth", required = true, paramLabel = "VIDEO|IMAGE", description = "The clip without them: a video of the same frames, or one image (a plate).")
    Path truth;

    @Option(names = "--truth-masks", paramLabel = "DIR|VIDEO", description = "The objects' true masks, one per frame (white = object).")
    Path truthMasks;

    @Option(names = "--object-threshold", description = "Without --truth-masks: a channel difference above this is object (default: ${DEFAULT-VALUE}).")
    int objectThreshold = 40;

    @Option(names = "--object-grow", description = "Without --truth-masks: grow the object pixels by this many (default: ${DEFAULT-VALUE}, a 7×7 square).")
    int objectGrow = 3;

    @ArgGroup(exclusive = true, multiplicity = "1")
    VideoJob.Holes holes;

    @Mixin
    VideoJob.Options options;

    @Option(names = "--ssim-every", description = "Measure SSIM on every n-th frame (default: ${DEFAULT-VALUE}).")
    int ssimEvery = 5;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write frames.csv, summary.csv and a contact strip (strip.png) here.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.load(Map.of());
        PrintWriter w = spec.commandLine().getOut();
        Truth reference = Truth.open(truth);
        FrameMasks objects = truthMasks == null ? null : FrameMasks.open(truthMasks, "--truth-masks");
        VideoScore score = new VideoScore(ssimEvery);
        ContactStrip strip = new ContactStrip(25);
        long[] scoringNanos = {0};
        try (reference; FrameMasks closeObjects = objects) {
            FrameSink scorer = new FrameSink() {
                @Override
                public void accept(StreamResult r) {
                    long t = System.nanoTime();
                    RgbImage clean = reference.at(r.seq());
                    Mask object = objects != null ? objects.maskFor(r.input())
                            : VideoScore.differs(r.input(), clean, objectThreshold, objectGrow);
                    score.add(r.seq(), r.output(), clean, object, r.holes());
                    strip.offer(r.seq(), r.input(), r.holes(), r.output(), clean);
                    scoringNanos[0] += System.nanoTime() - t;
                }

                @Override
                public void close() {
                }
            };
            VideoJob.Outcome o = VideoJob.run(settings, VideoJob.fileOrUrl(input.toString()), options,
                    VideoJob.maskProvider(holes, options), runner -> List.of(scorer));
            double removalSeconds = o.seconds() - scoringNanos[0] / 1e9;
            double fps = o.stats().framesOut() / Math.max(1e-9, removalSeconds);
            VideoScore.Summary s = score.summary();
            w.printf(Locale.ROOT, "clip %s (%d frames, %d failed)%n", input.getFileName(), s.frames(), o.stats().failed());
            w.printf(Locale.ROOT, "  PSNR inside objects %6.2f dB   outside %6.2f dB%n", s.psnrInside(), s.psnrOutside());
            w.printf(Locale.ROOT, "  SSIM inside objects %6.4f      outside %6.4f%n", s.ssimInside(), s.ssimOutside());
            w.printf(Locale.ROOT, "  holes vs objects: precision %.3f  recall %.3f  IoU %.3f%n", s.precision(), s.recall(), s.iou());
            w.printf(Locale.ROOT, "  flicker in holes %+.2f grey levels/frame over the truth's%n", s.flicker());
            w.printf(Locale.ROOT, "  %.1f frames/s (%.1f s removing, scoring not counted)%n", fps, removalSeconds);
            if (o.lastFailure() != null) {
                w.println("  last failure: " + o.lastFailure());
            }
            if (out != null) {
                write(out, s, score.rows(), fps);
                strip.write(out.resolve("strip.png"));
                w.println("  wrote " + out.resolve("summary.csv") + ", frames.csv and strip.png");
            }
            return o.stats().failed() == 0 ? 0 : 1;
        }
    }

    private void write(Path dir, VideoScore.Summary s, List<VideoScore.FrameRow> rows, double fps) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.csv"), "clip,frames,psnr_inside,psnr_outside,ssim_inside,ssim_outside,precision,recall,iou,flicker,fps\n"
                + String.format(Locale.ROOT, "%s,%d,%.3f,%.3f,%.4f,%.4f,%.4f,%.4f,%.4f,%.3f,%.2f%n", input.getFileName(), s.frames(),
                s.psnrInside(), s.psnrOutside(), s.ssimInside(), s.ssimOutside(), s.precision(), s.recall(), s.iou(), s.flicker(), fps));
        StringBuilder b = new StringBuilder("frame,psnr_inside,psnr_outside,ssim_inside,precision,recall,iou,flicker\n");
        for (VideoScore.FrameRow r : rows) {
            b.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%.4f,%.4f,%.4f,%.4f,%.3f%n", r.frame(), r.psnrInside(), r.psnrOutside(),
                    r.ssimInside(), r.precision(), r.recall(), r.iou(), r.flicker()));
        }
        Files.writeString(dir.resolve("frames.csv"), b.toString());
    }

    /** The clean truth of frame N: a plate (the same image for every frame) or the N-th frame of a clean video. */
    private interface Truth extends AutoCloseable {
        RgbImage at(long frame);

        @Override
        void close();

        static Truth open(Path path) {
            if (!Files.isRegularFile(path)) {
                throw InpaintException.badInput("--truth", path + " does not exist");
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp") || name.endsWith(".webp")) {
                RgbImage plate = ImageCodec.withDefaults().read(path, "--truth").image();
                return new Truth() {
                    @Override
                    public RgbImage at(long frame) {
                        return plate;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
            VideoSamples.Reader reader = VideoSamples.reader(path.toString(), "--truth");
            return new Truth() {
                private long next;
                private RgbImage current;

                @Override
                public RgbImage at(long frame) {
                    while (next <= frame) {
                        current = reader.next();
                        if (current == null) {
                            throw InpaintException.badInput("--truth", "the truth video has no frame " + frame);
                        }
                        next++;
                    }
                    return current;
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }
    }

    /** Every n-th frame as a row of input, holes (tinted), output and truth at half size; up to 8 rows spread over the clip. */
    private static final class ContactStrip {
        private final int every;
        private final List<RgbImage[]> rows = new ArrayList<>();

        ContactStrip(int every) {
            this.every = every;
        }

        void offer(long frame, RgbImage input, Mask holes, RgbImage output, RgbImage truth) {
            if (frame % every != 0) {
                return;
            }
            RgbImage tinted = input.copy();
            byte[] d = tinted.data();
            byte[] h = holes.data();
            for (int i = 0; i < h.length; i++) {
                if (h[i] != 0) {
                    d[3 * i] = (byte) (((d[3 * i] & 0xFF) + 255) / 2);
                    d[3 * i + 1] = (byte) ((d[3 * i + 1] & 0xFF) / 2);
                    d[3 * i + 2] = (byte) ((d[3 * i + 2] & 0xFF) / 2);
                }
            }
            int w = Math.max(1, input.width() / 2), hgt = Math.max(1, input.height() / 2);
            rows.add(new RgbImage[] {Resize.image(input, w, hgt), Resize.image(tinted, w, hgt), Resize.image(output, w, hgt),
                Resize.image(truth, w, hgt)});
        }

        void write(Path file) throws IOException {
            if (rows.isEmpty()) {
                return;
            }
            int keep = Math.min(8, rows.size());
            int tw = rows.get(0)[0].width(), th = rows.get(0)[0].height();
            RgbImage sheet = RgbImage.blank(4 * tw, keep * th);
            for (int r = 0; r < keep; r++) {
                RgbImage[] row = rows.get((int) ((long) r * rows.size() / keep));
                for (int c = 0; c < 4; c++) {
                    for (int y = 0; y < th; y++) {
                        System.arraycopy(row[c].data(), y * tw * 3, sheet.data(), ((r * th + y) * 4 * tw + c * tw) * 3, tw * 3);
                    }
                }
            }
            Files.write(file, ImageCodec.withDefaults().encode(sheet, ImageFormat.PNG));
        }
    }
}
