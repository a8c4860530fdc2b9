package org.inpaint.app.sinks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.inpaint.app.stream.FrameSink;
import org.inpaint.app.stream.StreamResult;

/** Per-stream latency of each stage (queue wait, engine, end to end), with p50 and p99, for Prometheus. */
public final class LatencyMetricsSink implements FrameSink {

    private final Timer queue;
    private final Timer engine;
    private final Timer endToEnd;

    public LatencyMetricsSink(MeterRegistry registry, String stream) {
        this.queue = timer(registry, stream, "queue");
        this.engine = timer(registry, stream, "engine");
        this.endToEnd = timer(registry, stream, "end_to_end");
    }

    private static Timer timer(MeterRegistry registry, String stream, String stage) {
        return Timer.builder("inpaint_stream_latency").description("latency of a stream's frames by stage")
                .tag("stream", stream).tag("stage", stage).publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void accept(StreamResult r) {
        if (r.engine() != null) {
            queue.record(Duration.ofMillis(r.queuedMillis()));
            engine.record(Duration.ofMillis(r.runMillis()));
        }
        endToEnd.record(Duration.ofMillis(r.totalMillis()));
    }

    @Override
    public void close() {
    }
}
