package org.inpaint.app;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.config.RuntimeProperties;
import org.inpaint.app.config.Settings;
import org.inpaint.app.http.HttpServerVerticle;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: Vert.x, the engine worker pool and the HTTP verticle, started and stopped together. */
public final class InpaintServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InpaintServer.class);

    private final Vertx vertx;
    private final BatchScheduler scheduler;
    private final HttpServerVerticle http;

    private InpaintServer(Vertx vertx, BatchScheduler scheduler, HttpServerVerticle http) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.http = http;
    }

    /** Starts everything and returns once the HTTP port is bound. */
    public static InpaintServer start(Settings settings) {
        RuntimeProperties.apply(settings);
        Vertx vertx = Vertx.vertx();
        EngineRegistry registry = EngineRegistry.load();
        registry.requireReady(settings.inference().defaultEngine());
        BatchScheduler scheduler = BatchScheduler.create(registry, settings.roiPlanner(), settings.inference().scheduler());
        HttpServerVerticle http = new HttpServerVerticle(settings, registry, scheduler);
        try {
            vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            scheduler.close();
            vertx.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start the HTTP server on " + settings.http().host() + ":"
                    + settings.http().port() + ": " + cause.getMessage(), cause);
        }
        return new InpaintServer(vertx, scheduler, http);
    }

    public int port() {
        return http.actualPort();
    }

    @Override
    public void close() {
        LOG.info("shutting down");
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        scheduler.close();
    }
}
