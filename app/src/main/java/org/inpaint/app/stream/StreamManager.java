package org.inpaint.app.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.MeterRegistry;
import org.inpaint.app.sinks.LatencyMetricsSink;
import org.inpaint.app.sinks.PreviewSink;
import org.inpaint.app.sinks.VideoFileSink;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.ingest.mask.MaskProvider;

/** The running video streams of the service, by id: start, list, replace masks, stop. */
public final class StreamManager implements AutoCloseable {

    /** A running stream with its preview. */
    public record Running(StreamRunner runner, PreviewSink preview, MaskDescription masks) {
    }

    /** How a stream's holes are found, as the API reports it. */
    public record MaskDescription(String kind, String detail) {
    }

    private final EngineRegistry registry;
    private final BatchScheduler scheduler;
    private final Map<String, Running> streams = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public StreamManager(EngineRegistry registry, BatchScheduler scheduler, MeterRegistry meters) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    /**
     * Starts a stream. {@code output}, when not null, is an mp4 file or rtsp:// URL the result is also written to.
     */
    public synchronized Running start(StreamSpec spec, MaskProvider masks, MaskDescription description, String output) {
        if (!spec.id().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw InpaintException.badInput("id", "stream ids are 1-64 letters, digits, '.', '_' or '-', got '" + spec.id() + "'");
        }
        if (streams.containsKey(spec.id())) {
            throw InpaintException.badInput("id", "a stream named '" + spec.id() + "' is already running");
        }
        registry.requireReady(spec.engine());
        PreviewSink preview = new PreviewSink();
        List<FrameSink> sinks = new ArrayList<>(List.of(preview, new LatencyMetricsSink(meters, spec.id())));
        StreamRunner runner = new StreamRunner(spec, scheduler, masks, sinks);
        if (output != null && !output.isBlank()) {
            double fps = runner.probeFrameRate();
            runner.addSink(new VideoFileSink(output, () -> fps));
        }
        Running r = new Running(runner, preview, description);
        streams.put(spec.id(), r);
        runner.start();
        return r;
    }

    public Running get(String id) {
        Running r = streams.get(id);
        if (r == null) {
            throw new InpaintException(InpaintException.Kind.NOT_FOUND, "id", "no stream named '" + id + "'; running: "
                    + (streams.isEmpty() ? "none" : String.join(", ", streams.keySet())));
        }
        return r;
    }

    public Collection<Running> all() {
        return streams.values();
    }

    public synchronized void replaceMasks(String id, MaskProvider masks, MaskDescription description) {
        Running r = get(id);
        r.runner().replaceMasks(masks);
        streams.put(id, new Running(r.runner(), r.preview(), description));
    }

    public synchronized void stop(String id, Duration timeout) {
        Running r = get(id);
        streams.remove(id);
        r.runner().stop(timeout);
    }

    /** Stops every source, lets frames in flight reach the sinks, then flushes them. */
    @Override
    public void close() {
        for (String id : new ArrayList<>(streams.keySet())) {
            stop(id, Duration.ofSeconds(10));
        }
    }
}
