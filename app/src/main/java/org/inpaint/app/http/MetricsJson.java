package org.inpaint.app.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.stream.StreamManager;
import org.inpaint.app.stream.StreamRunner;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerStats;

/**
 * {@code GET /v1/metrics}: one sample of the counters the UI plots (it keeps the history and derives rates from
 * successive samples). Counters are totals since start; latencies are p50/p99 over Micrometer's recent window.
 */
final class MetricsJson {

    private final MeterRegistry meters;
    private final BatchScheduler scheduler;
    private final StreamManager streams;

    MetricsJson(MeterRegistry meters, BatchScheduler scheduler, StreamManager streams) {
        this.meters = meters;
        this.scheduler = scheduler;
        this.streams = streams;
    }

    JsonObject sample() {
        JsonArray engines = new JsonArray();
        for (SchedulerStats s : scheduler.stats()) {
            JsonArray batches = new JsonArray();
            for (int k = 1; k < s.batchSizes().length; k++) {
                batches.add(s.batchSizes()[k]);
            }
            engines.add(new JsonObject().put("engine", s.engine()).put("workers", s.workers()).put("queued", s.queued())
                    .put("submitted", s.submitted()).put("completed", s.completed()).put("dropped", s.dropped())
                    .put("rejected", s.rejected()).put("failed", s.failed()).put("busySeconds", s.busyNanos() / 1e9)
                    .put("batches", batches)
                    .put("runMillis", percentiles(meters.find("inpaint_engine_run").tag("engine", s.engine()).timer())));
        }
        JsonArray streamList = new JsonArray();
        streams.all().forEach(r -> {
            StreamRunner.StreamStats st = r.runner().stats();
            streamList.add(new JsonObject().put("id", st.id()).put("engine", r.runner().engine()).put("fps", st.fps())
                    .put("framesIn", st.framesIn()).put("framesOut", st.framesOut()).put("dropped", st.dropped())
                    .put("failed", st.failed())
                    .put("latencyMillis", percentiles(meters.find("inpaint_stream_latency")
                            .tag("stream", st.id()).tag("stage", "end_to_end").timer())));
        });
        return new JsonObject().put("time", System.currentTimeMillis()).put("engines", engines).put("streams", streamList)
                .put("http", new JsonObject().put("requests", meters.find("inpaint_http_requests").timers().stream()
                        .mapToLong(Timer::count).sum()));
    }

    /** {"p50": ms, "p99": ms}, or null before the first recording. */
    private static JsonObject percentiles(Timer timer) {
        if (timer == null || timer.count() == 0) {
            return null;
        }
        JsonObject out = new JsonObject();
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            out.put("p" + Math.round(v.percentile() * 100), Math.round(v.value(TimeUnit.MILLISECONDS) * 10) / 10.0);
        }
        return out;
    }
}
