package org.inpaint.app.http;

import org.inpaint.app.engines.RequestEngines;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;

/** {@code POST /v1/inpaint} (the form: {@link InpaintForm}): answers with the filled image. */
final class InpaintHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final EngineRegistry registry;
    private final BatchScheduler scheduler;
    private final AtomicLong requests = new AtomicLong();
    private final ImageCodec codec;
    private final String defaultEngine;
    private final HttpMetrics metrics;
    private final RequestEngines engines;

    InpaintHandler(Vertx vertx, EngineRegistry registry, BatchScheduler scheduler, ImageCodec codec, String defaultEngine,
                   HttpMetrics metrics, RequestEngines engines) {
        this.engines = engines;
        this.vertx = vertx;
        this.registry = registry;
        this.scheduler = scheduler;
        this.codec = codec;
        this.defaultEngine = defaultEngine;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        InpaintForm form = InpaintForm.of(ctx, defaultEngine);
        vertx.executeBlocking(() -> {
                    engines.requireKnown(form.engine());
                    InpaintForm.Decoded decoded = form.decode(codec);
                    String engine = engines.forImage(form.engine(), decoded.mask());
                    registry.requireReady(engine);
                    return decoded.withEngine(engine);
                }, false)
                .compose(job -> Future.fromCompletionStage(fill(job), vertx.getOrCreateContext())
                        .compose(result -> vertx.executeBlocking(() -> codec.encode(result.image(), job.format()), false)
                                .map(bytes -> new Reply(result, job.format(), bytes))))
                .onSuccess(reply -> {
                    metrics.engineRun(reply.result().job().engine(), reply.result().queuedMillis(), reply.result().runMillis());
                    if (RequestEngines.isAuto(form.engine())) {
                        ctx.response().putHeader("X-Inpaint-Auto", engines.reason(form.engine(), reply.result().job().mask()));
                    }
                    ctx.response()
                            .putHeader("Content-Type", reply.format().mimeType())
                            .putHeader("Content-Disposition", "inline; filename=\"inpainted." + reply.format().extension() + "\"")
                            .putHeader("X-Inpaint-Engine", reply.result().job().engine())
                            .putHeader("X-Inpaint-Batch", Integer.toString(reply.result().batchSize()))
                            .putHeader("X-Inpaint-Millis", Long.toString(reply.result().runMillis()))
                            .putHeader("X-Inpaint-Queue-Millis", Long.toString(reply.result().queuedMillis()))
                            .end(Buffer.buffer(reply.bytes()));
                })
                .onFailure(ctx::fail);
    }

    private record Reply(Outcome.Filled result, ImageFormat format, byte[] bytes) {
    }

    /** Through the same scheduler as every other source; a full queue answers 503 at once. */
    private CompletableFuture<Outcome.Filled> fill(InpaintForm.Decoded job) {
        FrameJob frame = new FrameJob("http", requests.incrementAndGet(), job.image().image(), job.mask(), job.engine(),
                BackpressurePolicy.REJECT_WHEN_FULL);
        return scheduler.submit(frame).thenApply(outcome -> {
            if (outcome instanceof Outcome.Filled filled) {
                return filled;
            }
            if (outcome instanceof Outcome.Failed failed) {
                throw new InpaintException(InpaintException.Kind.INTERNAL, "engine",
                        "engine '" + job.engine() + "' failed: " + failed.error().getMessage(), failed.error());
            }
            throw new InpaintException(InpaintException.Kind.OVERLOADED, null, ((Outcome.Dropped) outcome).reason());
        });
    }
}
