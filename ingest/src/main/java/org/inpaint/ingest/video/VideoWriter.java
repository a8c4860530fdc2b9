package org.inpaint.ingest.video;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.inpaint.core.image.RgbImage;

/**
 * Encodes RGB frames as H.264 (yuv420p) into an mp4 file, or publishes them to an {@code rtsp://} URL over TCP.
 * The encoder starts on the first frame, when the size is known.
 */
public final class VideoWriter implements AutoCloseable {

    private final String target;
    private final java.util.function.DoubleSupplier frameRate;
    private final int crf;
    private FFmpegFrameRecorder recorder;
    private Frame frame;
    private long written;

    /**
     * @param frameRate asked when the first frame arrives; 25 when it answers 0 (unknown)
     * @param crf       x264 constant rate factor (0 lossless … 51), or -1 for a bitrate of 4 bits per pixel
     */
    public VideoWriter(String target, java.util.function.DoubleSupplier frameRate, int crf) {
        this.target = target;
        this.frameRate = frameRate;
        this.crf = crf;
    }

    public synchronized void write(RgbImage image) {
        int w = image.width(), h = image.height();
        try {
            if (recorder == null) {
                start(w, h);
            }
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            byte[] rgb = image.data();
            int stride = frame.imageStride;
            for (int y = 0; y < h; y++) {
                buf.position(y * stride);
                buf.put(rgb, y * w * 3, w * 3);
            }
            buf.position(0);
            recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
            written++;
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IllegalStateException("cannot write video to " + target + ": " + e.getMessage(), e);
        }
    }

    private void start(int w, int h) throws org.bytedeco.javacv.FrameRecorder.Exception {
        recorder = new FFmpegFrameRecorder(target, w, h, 0);
        if (target.startsWith("rtsp://")) {
            recorder.setFormat("rtsp");
            recorder.setOption("rtsp_transport", "tcp");
        } else {
            recorder.setFormat("mp4");
        }
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        double fps = frameRate.getAsDouble();
        recorder.setFrameRate(fps > 0 ? fps : 25);
        recorder.setGopSize(10);
        if (crf >= 0) {
            recorder.setVideoBitrate(0); // else x264 aims at FFmpeg's default bitrate and ignores the crf
            recorder.setVideoOption("crf", Integer.toString(crf));
        } else {
            recorder.setVideoBitrate(Math.max(400_000, w * h * 4));
        }
        recorder.start();
        frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
    }

    public synchronized long framesWritten() {
        return written;
    }

    @Override
    public synchronized void close() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
                throw new IllegalStateException("cannot finish " + target + ": " + e.getMessage(), e);
            } finally {
                frame.close();
                recorder = null;
            }
        }
    }
}
