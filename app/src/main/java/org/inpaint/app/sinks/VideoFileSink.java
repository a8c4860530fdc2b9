package org.inpaint.app.sinks;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;

/**
 * Encodes the output frames as H.264 into an mp4 file, or publishes them to an RTSP URL ({@code rtsp://...}, TCP).
 * The recorder starts on the first frame, when the size is known.
 */
public final class VideoFileSink implements FrameSink {

    private final String target;
    private final java.util.function.DoubleSupplier frameRate;
    private FFmpegFrameRecorder recorder;
    private Frame frame;
    private long written;

    /** @param frameRate asked when the first frame arrives; 25 when it answers 0 (unknown) */
    public VideoFileSink(String target, java.util.function.DoubleSupplier frameRate) {
        this.target = target;
        this.frameRate = frameRate;
    }

    @Override
    public synchronized void accept(StreamResult r) {
        int w = r.output().width(), h = r.output().height();
        try {
            if (recorder == null) {
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
                recorder.setVideoBitrate(Math.max(400_000, w * h * 4));
                recorder.start();
                frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            }
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            byte[] rgb = r.output().data();
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
