package org.inpaint.app.sinks;

import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;
import org.inpaint.ingest.video.VideoWriter;

/**
 * Encodes the output frames as H.264 into an mp4 file, or publishes them to an RTSP URL ({@code rtsp://...}, TCP).
 * The encoder starts on the first frame, when the size is known.
 */
public final class VideoFileSink implements FrameSink {

    private final VideoWriter writer;

    /** @param frameRate asked when the first frame arrives; 25 when it answers 0 (unknown) */
    public VideoFileSink(String target, java.util.function.DoubleSupplier frameRate) {
        this.writer = new VideoWriter(target, frameRate, -1);
    }

    @Override
    public void accept(StreamResult r) {
        writer.write(r.output());
    }

    public long framesWritten() {
        return writer.framesWritten();
    }

    @Override
    public void close() {
        writer.close();
    }
}
