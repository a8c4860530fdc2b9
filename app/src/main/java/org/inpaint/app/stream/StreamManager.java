package org.inpaint.app.stream;

import org.inpaint.app.config.JsonFields;
import org.inpaint.app.engines.RequestEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.ingest.video.VideoSourceSpec;
import org.inpaint.app.sinks.LatencyMetricsSink;
import org.inpaint.app.sinks.PreviewSink;
import org.inpaint.app.sinks.VideoFileSink;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.ingest.mask.FrameMasks;
import org.inpaint.ingest.mask.MaskProvider;

/** The running video streams of the service, by id: start, list, replace masks, stop. */
public final class StreamManager implements AutoCloseable {

    /** A running stream with its preview. */
    public record Running(StreamRunner runner, PreviewSink preview, MaskDescription masks) {
    }

    /**
     * A stream as the API and the configuration describe it (JSON): {@code {"id", "source", "engine", "mask",
     * "loop", "live", "temporalFill", "memoryMaxAge", "output"}}.
     */
    public record Request(StreamSpec spec, MaskProvider masks, MaskDescription description, String output) {

        /** Longer than any path Linux opens (PATH_MAX) or a camera URL needs. */
        static final int MAX_SOURCE_CHARS = 4096;

        public static Request parse(JsonObject body, String defaultEngine) {
            String source = JsonFields.string(body, "source", null);
            if (source == null || source.isBlank()) {
                throw InpaintException.badInput("source", "'source' (a file path or rtsp:// / http(s):// URL) is required");
            }
            if (source.length() > MAX_SOURCE_CHARS) {
                throw InpaintException.badInput("source", "'source' is " + source.length() + " characters long; at most "
                        + MAX_SOURCE_CHARS + " (a path or URL)");
            }
            String id = JsonFields.string(body, "id", "stream-" + Long.toHexString(System.nanoTime() & 0xffffff));
            boolean live = JsonFields.flag(body, "live", true);
            VideoSourceSpec spec = VideoSourceSpec.live(source);
            if (JsonFields.flag(body, "loop", false)) {
                spec = spec.looping();
            }
            if (!live) {
                spec = new VideoSourceSpec(source, spec.loop(), false, spec.initialBackoff(), spec.maxBackoff(), spec.timeout());
            }
            Object maskValue = body.getValue("mask");
            if (maskValue != null && !(maskValue instanceof JsonObject)) {
                throw InpaintException.badInput("mask", "'mask' is an object, got " + JsonFields.typeOf(maskValue));
            }
            JsonObject mask = maskValue == null ? new JsonObject().put("motion", true) : (JsonObject) maskValue;
            Object age = body.getValue("memoryMaxAge");
            if (age != null && !(age instanceof Integer || age instanceof Long)) {
                throw InpaintException.badInput("memoryMaxAge", "'memoryMaxAge' is a whole number of frames, got " + JsonFields.typeOf(age));
            }
            StreamSpec stream = new StreamSpec(id, spec, RequestEngines.forStream(JsonFields.string(body, "engine", defaultEngine)), live,
                    JsonFields.flag(body, "temporalFill", JsonFields.flag(mask, "motion", false) || mask.containsKey("frames")), age == null ? 1800 : ((Number) age).intValue());
            return new Request(stream, maskProvider(mask), describeMask(mask), JsonFields.string(body, "output", null));
        }

        /**
         * {"motion": true, "region": [[x,y,w,h]]} | {"boxes": [[x,y,w,h]]} | {"polygons": [[[x,y],...]]} |
         * {"frames": "DIR or mask video"} (one mask per frame, in natural name order; with {"movingCamera": true} for
         * a panning or zooming camera) | {"select": "x,y,w,h[@FRAME]"} (the object in the box, or under the click "x,y[@FRAME]", tracked from that frame)
         */
        public static MaskProvider maskProvider(JsonObject mask) {
            if (mask.containsKey("frames")) {
                if (!(mask.getValue("frames") instanceof String frames) || frames.isBlank()) {
                    throw InpaintException.badInput("mask.frames", "'frames' is a directory of masks or a mask video, got "
                            + JsonFields.typeOf(mask.getValue("frames")));
                }
                return FrameMasks.open(java.nio.file.Path.of(frames), "mask.frames", JsonFields.flag(mask, "movingCamera", false));
            }
            if (JsonFields.flag(mask, "motion", false)) {
                Object region = mask.getValue("region");
                if (region != null && !(region instanceof JsonArray)) {
                    throw InpaintException.badInput("mask.region", "'region' is an array of [x, y, w, h] boxes, got " + JsonFields.typeOf(region));
                }
                return Masks.motion(boxes((JsonArray) region), "mask.region", JsonFields.flag(mask, "movingCamera", false));
            }
            if (mask.containsKey("select")) {
                if (!(mask.getValue("select") instanceof String select) || select.isBlank()) {
                    throw InpaintException.badInput("mask.select", "'select' is \"x,y,w,h\" (or a click \"x,y\"), optionally @FRAME, on the "
                            + "object to remove, got " + JsonFields.typeOf(mask.getValue("select")));
                }
                if (JsonFields.flag(mask, "movingCamera", false)) {
                    throw InpaintException.badInput("mask.movingCamera", "a selection is filled from a still camera's background");
                }
                return org.inpaint.ingest.mask.TrackedSelection.parse(select, "mask.select");
            }
            if (mask.containsKey("boxes") || mask.containsKey("polygons")) {
                return Masks.json(mask.encode(), "mask");
            }
            throw InpaintException.badInput("mask", "a mask is {\"motion\": true, \"region\": [[x,y,w,h]]}, "
                    + "{\"boxes\": [[x,y,w,h]]}, {\"polygons\": [[[x,y],...]]}, {\"frames\": \"DIR\"} or {\"select\": \"x,y,w,h\"}");
        }

        public static MaskDescription describeMask(JsonObject mask) {
            String kind = JsonFields.flag(mask, "motion", false) ? "motion" : mask.containsKey("frames") ? "frames"
                    : mask.containsKey("select") ? "select" : "static";
            return new MaskDescription(kind, mask.encode());
        }

        private static List<String> boxes(JsonArray array) {
            List<String> out = new ArrayList<>();
            if (array != null) {
                for (Object o : array) {
                    if (!(o instanceof JsonArray box) || box.size() != 4) {
                        throw InpaintException.badInput("mask.region", "each region box is [x, y, w, h], got " + o);
                    }
                    out.add(box.getValue(0) + "," + box.getValue(1) + "," + box.getValue(2) + "," + box.getValue(3));
                }
            }
            return out;
        }
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

    public Running start(Request r) {
        return start(r.spec(), r.masks(), r.description(), r.output());
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

    /** Switches a running stream to another (ready) engine from its next frame on. */
    public synchronized void switchEngine(String id, String requested) {
        String engine = RequestEngines.forStream(requested);
        Running r = get(id);
        registry.requireReady(engine);
        r.runner().switchEngine(engine);
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
