package org.inpaint.app.stream;

/** Where processed frames go (video file, RTSP, WebSocket preview, Kafka). Called in frame order per stream. */
public interface FrameSink extends AutoCloseable {

    void accept(StreamResult result);

    /** Flushes and releases; called once when the stream stops. */
    @Override
    void close();
}
