package org.inpaint.app.sinks;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;

/**
 * Encodes each processed frame as a before/after JPEG pair (on the producing thread, never the event loop) and
 * offers it to the preview subscribers. Subscribers take what they can: one that is still sending the previous
 * pair simply misses this one, so a slow client gets fewer frames and never holds up the stream.
 */
public final class PreviewSink implements FrameSink {

    /** One preview frame: JPEG before and after, with the stream's counters at that moment. */
    public record Preview(long seq, byte[] beforeJpeg, byte[] afterJpeg, long totalMillis, double holeRatio) {
    }

    private final ImageCodec codec = ImageCodec.withDefaults();
    private final CopyOnWriteArrayList<Consumer<Preview>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong encoded = new AtomicLong();
    private volatile Preview latest;

    public Runnable subscribe(Consumer<Preview> subscriber) {
        subscribers.add(subscriber);
        Preview p = latest;
        if (p != null) {
            subscriber.accept(p);
        }
        return () -> subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    public Preview latest() {
        return latest;
    }

    @Override
    public void accept(StreamResult r) {
        if (subscribers.isEmpty() && latest != null && encoded.get() % 10 != 0) {
            encoded.incrementAndGet();
            return;
        }
        Preview p = new Preview(r.seq(), codec.encode(r.input(), ImageFormat.JPEG), codec.encode(r.output(), ImageFormat.JPEG),
                r.totalMillis(), r.holes().holeRatio());
        encoded.incrementAndGet();
        latest = p;
        for (Consumer<Preview> s : subscribers) {
            s.accept(p);
        }
    }

    @Override
    public void close() {
        subscribers.clear();
    }
}
