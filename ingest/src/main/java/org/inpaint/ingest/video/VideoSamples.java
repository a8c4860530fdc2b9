package org.inpaint.ingest.video;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.RgbImage;

/** Reads a video file's frames synchronously: all of them in order, or a sample spread evenly over it. */
public final class VideoSamples {

    private VideoSamples() {
    }

    /** Frames read from a file and their frame numbers. */
    public record Sample(List<RgbImage> frames, long[] indices) {
    }

    /**
     * Up to {@code count} frames spread evenly over the first {@code span} frames of a file (every frame of a short
     * one); empty when the file cannot be read, since a missing sample only means a slower start.
     */
    public static Sample spread(VideoSourceSpec source, int count, int span) {
        try (FFmpegFrameGrabber g = open(source.uri())) {
            int length = g.getLengthInFrames();
            int frames = length > 0 ? Math.min(length, span) : span;
            int every = Math.max(1, frames / count);
            List<RgbImage> out = new ArrayList<>();
            List<Long> indices = new ArrayList<>();
            Frame f;
            for (int i = 0; i < frames && out.size() < count && (f = g.grabImage()) != null; i++) {
                if (i % every == 0) {
                    out.add(VideoSource.copy(f));
                    indices.add((long) i);
                }
            }
            return new Sample(out, indices.stream().mapToLong(Long::longValue).toArray());
        } catch (org.bytedeco.javacv.FrameGrabber.Exception | RuntimeException e) {
            return new Sample(List.of(), new long[0]);
        }
    }

    /** Calls {@code each} with every frame of a file, in order, and returns how many there were. */
    public static long forEach(String file, String field, java.util.function.ObjLongConsumer<RgbImage> each) {
        try (FFmpegFrameGrabber g = open(file)) {
            long n = 0;
            Frame f;
            while ((f = g.grabImage()) != null) {
                each.accept(VideoSource.copy(f), n++);
            }
            return n;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field, "cannot read video '" + file + "': " + e.getMessage());
        }
    }

    /** A reader that hands out a file's frames one at a time (for walking two videos in step). */
    public static Reader reader(String file, String field) {
        try {
            return new Reader(open(file), file, field);
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field, "cannot read video '" + file + "': " + e.getMessage());
        }
    }

    /** Sequential frames of one file; {@link #next} is null after the last. */
    public static final class Reader implements AutoCloseable {
        private final FFmpegFrameGrabber grabber;
        private final String file;
        private final String field;

        private Reader(FFmpegFrameGrabber grabber, String file, String field) {
            this.grabber = grabber;
            this.file = file;
            this.field = field;
        }

        public double frameRate() {
            return grabber.getFrameRate();
        }

        public RgbImage next() {
            try {
                Frame f = grabber.grabImage();
                return f == null ? null : VideoSource.copy(f);
            } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
                throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field, "cannot read video '" + file + "': " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                grabber.close();
            } catch (org.bytedeco.javacv.FrameGrabber.Exception ignored) {
                // nothing left to read from it
            }
        }
    }

    private static FFmpegFrameGrabber open(String file) throws org.bytedeco.javacv.FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file);
        g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        g.setOption("protocol_whitelist", "file");
        try {
            g.start();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception | RuntimeException e) {
            g.close();
            throw e;
        }
        return g;
    }
}
