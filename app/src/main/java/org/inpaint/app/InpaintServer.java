package org.inpaint.app;

import java.util.List;
import org.inpaint.app.engines.RequestEngines;
import org.inpaint.app.security.AccessPolicy;
import org.inpaint.app.security.ApiAccess;
import org.inpaint.app.security.ApiToken;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.inpaint.app.config.RuntimeProperties;
import org.inpaint.app.config.Settings;
import org.inpaint.app.http.HttpServerVerticle;
import org.inpaint.app.kafka.KafkaImagePipeline;
import org.inpaint.app.stream.StreamManager;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.app.stream.StreamSpec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.ingest.video.VideoSourceSpec;
import org.inpaint.testkit.Samples;
import org.inpaint.inference.scheduler.BatchScheduler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import org.inpaint.app.training.TrainerVerticle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: Vert.x, the engine worker pool and the HTTP verticle, started and stopped together. */
public final class InpaintServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InpaintServer.class);

    private final Vertx vertx;
    private final BatchScheduler scheduler;
    private final StreamManager streams;
    private final HttpServerVerticle http;
    private final KafkaImagePipeline kafka;
    private final ApiToken token;

    private InpaintServer(Vertx vertx, BatchScheduler scheduler, StreamManager streams, HttpServerVerticle http,
                          KafkaImagePipeline kafka, ApiToken token) {
        this.token = token;
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.streams = streams;
        this.http = http;
        this.kafka = kafka;
    }

    /** Starts everything and returns once the HTTP port is bound. */
    public static InpaintServer start(Settings settings) {
        RuntimeProperties.apply(settings);
        Vertx vertx = Vertx.vertx();
        EngineRegistry registry = EngineRegistry.load();
        RequestEngines engines = new RequestEngines(registry);
        engines.requireKnown(settings.inference().defaultEngine());
        BatchScheduler scheduler = BatchScheduler.create(registry, settings.roiPlanner(), settings.inference().scheduler());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StreamManager streams = new StreamManager(registry, scheduler, meters);
        TrainerVerticle trainer = new TrainerVerticle(settings.runsDir());
        ApiToken token = ApiToken.resolve(settings.http().host(), settings.http().token(), settings.paths().state());
        Settings.Paths paths = settings.paths();
        AccessPolicy policy = new AccessPolicy(paths.media(), paths.outputs(), paths.datasets(), List.of(settings.runsDir()),
                paths.urlHosts());
        HttpServerVerticle http = new HttpServerVerticle(settings, registry, scheduler, streams, meters, trainer,
                new ApiAccess(token), policy, engines);
        try {
            vertx.deployVerticle(trainer, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.deployVerticle(http).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            scheduler.close();
            vertx.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot start the HTTP server on " + settings.http().host() + ":"
                    + settings.http().port() + ": " + cause.getMessage(), cause);
        }
        if (settings.streams().demo()) {
            startDemo(streams, settings.streams().demoEngine());
        }
        for (io.vertx.core.json.JsonObject declared : settings.streams().declared()) {
            StreamManager.Running r = streams.start(StreamManager.Request.parse(declared, settings.inference().defaultEngine()));
            LOG.info("declared stream '{}' started from {}", r.runner().spec().id(), r.runner().spec().source().uri());
        }
        KafkaImagePipeline kafka = null;
        if (settings.kafka().enabled()) {
            kafka = new KafkaImagePipeline(settings.kafka(), scheduler, new ImageCodec(settings.maxPixels()), engines).start();
        }
        return new InpaintServer(vertx, scheduler, streams, http, kafka, token);
    }

    /** The bundled street clip, looped as a live camera; whatever moves is removed. */
    private static void startDemo(StreamManager streams, String engine) {
        VideoSourceSpec clip = VideoSourceSpec.live(Samples.videoClip().toString()).looping();
        streams.start(new StreamSpec("demo", clip, engine, true, true, 300), Masks.motion(null, "demo"),
                new StreamManager.MaskDescription("motion", "{\"motion\":true}"), null);
        LOG.info("demo stream 'demo' started: bundled street clip, motion masks, engine {}", engine);
    }

    /** The Vert.x instance (its event bus carries the trainer's progress, {@code inpaint.training.progress}). */
    public Vertx vertx() {
        return vertx;
    }

    public StreamManager streams() {
        return streams;
    }

    /** The token the API requires (empty when it is open to this machine only). */
    public ApiToken token() {
        return token;
    }

    public int port() {
        return http.actualPort();
    }

    @Override
    public void close() {
        LOG.info("shutting down: stopping streams, draining queues");
        http.notReady();
        if (kafka != null) {
            kafka.close();
        }
        streams.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
        scheduler.close();
    }
}
