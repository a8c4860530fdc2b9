package org.inpaint.app.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerStats;

/** Request counts, latencies and errors, and the worker queue, in Prometheus text format. */
public final class HttpMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public HttpMetrics(BatchScheduler scheduler) {
        Gauge.builder("inpaint_queue_depth", scheduler, s -> s.stats().stream().mapToInt(SchedulerStats::queued).sum())
                .description("jobs waiting for a generator worker, all engines").register(registry);
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
        return registry.scrape();
    }
}
