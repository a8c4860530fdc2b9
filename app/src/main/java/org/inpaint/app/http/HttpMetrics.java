package org.inpaint.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.inpaint.app.stream.StreamManager;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerStats;

/** Request counts, latencies and errors, and the worker queue, in Prometheus text format. */
public final class HttpMetrics {

    private final PrometheusMeterRegistry registry;

    public HttpMetrics(PrometheusMeterRegistry registry, BatchScheduler scheduler, StreamManager streams) {
        this.registry = registry;
        Gauge.builder("inpaint_queue_depth", scheduler, s -> s.stats().stream().mapToInt(SchedulerStats::queued).sum())
                .description("jobs waiting for a generator worker, all engines").register(registry);
        this.scheduler = scheduler;
        this.streams = streams;
    }

    private final BatchScheduler scheduler;
    private final StreamManager streams;

    /** Scheduler and stream counters, rendered at scrape time (lanes and streams come and go). */
    private String dynamic() {
        StringBuilder sb = new StringBuilder();
        sb.append("# TYPE inpaint_scheduler_jobs_total counter\n# TYPE inpaint_scheduler_batches_total counter\n")
                .append("# TYPE inpaint_worker_busy_seconds_total counter\n");
        for (SchedulerStats s : scheduler.stats()) {
            String e = "engine=\"" + s.engine() + "\"";
            sb.append("inpaint_scheduler_queue{").append(e).append("} ").append(s.queued()).append('\n');
            sb.append("inpaint_scheduler_jobs_total{").append(e).append(",outcome=\"completed\"} ").append(s.completed()).append('\n');
            sb.append("inpaint_scheduler_jobs_total{").append(e).append(",outcome=\"dropped\"} ").append(s.dropped()).append('\n');
            sb.append("inpaint_scheduler_jobs_total{").append(e).append(",outcome=\"rejected\"} ").append(s.rejected()).append('\n');
            sb.append("inpaint_scheduler_jobs_total{").append(e).append(",outcome=\"failed\"} ").append(s.failed()).append('\n');
            for (int k = 1; k < s.batchSizes().length; k++) {
                sb.append("inpaint_scheduler_batches_total{").append(e).append(",size=\"").append(k).append("\"} ")
                        .append(s.batchSizes()[k]).append('\n');
            }
            sb.append("inpaint_worker_busy_seconds_total{").append(e).append("} ").append(s.busyNanos() / 1e9).append('\n');
        }
        sb.append("# TYPE inpaint_stream_frames_total counter\n");
        streams.all().forEach(r -> {
            var st = r.runner().stats();
            String id = "stream=\"" + st.id() + "\"";
            sb.append("inpaint_stream_frames_total{").append(id).append(",stage=\"in\"} ").append(st.framesIn()).append('\n');
            sb.append("inpaint_stream_frames_total{").append(id).append(",stage=\"out\"} ").append(st.framesOut()).append('\n');
            sb.append("inpaint_stream_frames_total{").append(id).append(",stage=\"dropped\"} ").append(st.dropped()).append('\n');
            sb.append("inpaint_stream_frames_total{").append(id).append(",stage=\"failed\"} ").append(st.failed()).append('\n');
            sb.append("inpaint_stream_reconnects{").append(id).append("} ").append(st.reconnects()).append('\n');
        });
        return sb.toString();
    }

    public void request(String route, int status, long nanos) {
        Timer.builder("inpaint_http_requests")
                .description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    public void error(String route, String kind) {
        Counter.builder("inpaint_http_errors").description("requests that failed, by kind of error")
                .tag("route", route).tag("kind", kind).register(registry).increment();
    }

    public void engineRun(String engine, long queuedMillis, long runMillis) {
        Timer.builder("inpaint_engine_run").description("time an engine spent filling one image")
                .tag("engine", engine).publishPercentiles(0.5, 0.99).register(registry)
                .record(Duration.ofMillis(runMillis));
        Timer.builder("inpaint_engine_queue_wait").description("time a job waited for a worker")
                .tag("engine", engine).register(registry).record(Duration.ofMillis(queuedMillis));
    }

    public String scrape() {
        return registry.scrape() + dynamic();
    }
}
