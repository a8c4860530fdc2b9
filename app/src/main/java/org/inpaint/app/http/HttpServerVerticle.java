package org.inpaint.app.http;

import org.inpaint.app.engines.RequestEngines;
import org.inpaint.app.security.AccessPolicy;
import org.inpaint.app.security.ApiAccess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Set;
import org.inpaint.app.config.Settings;
import org.inpaint.app.stream.StreamManager;
import org.inpaint.app.training.TrainerVerticle;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.SchedulerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API, the metrics and health endpoints, and the web UI. */
public final class HttpServerVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);
    private static final Set<String> ROUTES = Set.of("/v1/inpaint", "/v1/attention", "/v1/segment", "/v1/engines", "/v1/models",
            "/v1/metrics", "/v1/streams", "/v1/training", "/health", "/ready", "/metrics", "/");

    private final Settings settings;
    private final EngineRegistry registry;
    private final BatchScheduler scheduler;
    private final StreamManager streams;
    private final HttpMetrics metrics;
    private final TrainerVerticle trainer;
    private final MetricsJson metricsJson;
    private final ModelsJson models;
    private final ApiAccess apiAccess;
    private final AccessPolicy accessPolicy;
    private final RequestEngines engines;
    private HttpServer server;

    private volatile boolean ready;

    public HttpServerVerticle(Settings settings, EngineRegistry registry, BatchScheduler scheduler, StreamManager streams,
                              io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters, TrainerVerticle trainer,
                              ApiAccess apiAccess, AccessPolicy accessPolicy, RequestEngines engines) {
        this.engines = engines;
        this.trainer = trainer;
        this.apiAccess = apiAccess;
        this.accessPolicy = accessPolicy;
        this.settings = settings;
        this.registry = registry;
        this.scheduler = scheduler;
        this.streams = streams;
        this.metrics = new HttpMetrics(meters, scheduler, streams);
        this.metricsJson = new MetricsJson(meters, scheduler, streams);
        this.models = new ModelsJson(registry);
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(this::timeRequest);
        router.route().failureHandler(this::failure);
        apiAccess.protect(router);
        router.get("/health").handler(this::health);
        router.get("/ready").handler(ctx -> ctx.response().setStatusCode(ready ? 200 : 503)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("ready", ready).encode()));
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        router.get("/v1/engines").handler(this::engines);
        router.get("/v1/metrics").handler(ctx -> ctx.json(metricsJson.sample()));
        router.get("/v1/models").handler(ctx -> vertx.executeBlocking(models::list, false)
                .onSuccess(ctx::json).onFailure(ctx::fail));
        ImageCodec codec = new ImageCodec(settings.maxPixels());
        String defaultEngine = settings.inference().defaultEngine();
        IncompleteBodyGuard guard = new IncompleteBodyGuard(vertx);
        // admission and the guard on routes of their own: Vert.x wants a body handler first among a route's handlers
        int capacity = settings.inference().queueCapacity() + settings.inference().workers() * settings.inference().maxBatch();
        router.post("/v1/inpaint").handler(new AdmissionLimit(capacity));
        router.post("/v1/inpaint").handler(guard);
        router.post("/v1/attention").handler(guard);
        router.post("/v1/segment").handler(guard);
        router.post("/v1/segment").handler(uploads()).handler(IncompleteBodyGuard.passed()).handler(new SegmentHandler(vertx, codec));
        router.post("/v1/inpaint").handler(uploads()).handler(IncompleteBodyGuard.passed())
                .handler(new InpaintHandler(vertx, registry, scheduler, codec, defaultEngine, metrics, engines));
        router.post("/v1/attention").handler(uploads()).handler(IncompleteBodyGuard.passed())
                .handler(new AttentionHandler(vertx, registry, codec,
                        RequestEngines.isAuto(defaultEngine) ? AttentionHandler.DEFAULT_NETWORK : defaultEngine));
        StreamsApi streamsApi = new StreamsApi(vertx, streams, settings.inference().defaultEngine(), accessPolicy);
        streamsApi.mount(router, settings.http().maxBodyBytes());
        new TrainingApi(vertx, trainer, accessPolicy).mount(router);
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
        router.route().last().handler(ctx -> ctx.fail(404));
        // form fields (boxes, polygons) may be as long as the body limit allows; Vert.x's default is 8 KB
        int formFieldLimit = (int) Math.min(Integer.MAX_VALUE, settings.http().maxBodyBytes());
        return vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true)
                        .setMaxFormAttributeSize(formFieldLimit))
                .webSocketHandshakeHandler(handshake -> {
                    if (apiAccess.allows(handshake)) {
                        handshake.accept();
                    } else {
                        handshake.reject(401);
                    }
                })
                .webSocketHandler(ws -> {
                    if (!streamsApi.handlePreview(ws)) {
                        ws.close((short) 4404, "no WebSocket at " + ws.path());
                    }
                })
                .requestHandler(request -> {
                    // Vert.x's router fails with a bare 500 on a path that is not valid percent-encoding
                    if (decodes(request.path())) {
                        router.handle(request);
                    } else {
                        Problem p = new Problem(400, "Bad input", "the request path is not valid percent-encoding (RFC 3986)", "path");
                        metrics.error("other", p.title());
                        request.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE)
                                .end(p.toJson("/").encode());
                    }
                })
                .listen(settings.http().port(), settings.http().host())
                .onSuccess(s -> {
                    server = s;
                    ready = true;
                    LOG.info("HTTP server listening on http://{}:{}/ (engines: {})", settings.http().host(),
                            s.actualPort(), String.join(", ", registry.names()));
                });
    }

    private BodyHandler uploads() {
        return BodyHandler.create(settings.http().uploadsDirectory()).setBodyLimit(settings.http().maxBodyBytes())
                .setDeleteUploadedFilesOnEnd(true);
    }

    /** Readiness goes down first on shutdown, so load balancers stop sending before sources stop. */
    public void notReady() {
        ready = false;
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void timeRequest(RoutingContext ctx) {
        long start = System.nanoTime();
        String path = ctx.normalizedPath();
        String route = ROUTES.contains(path) ? path : path.startsWith("/v1/") ? "/v1/other" : "static";
        ctx.addEndHandler(v -> metrics.request(route, ctx.response().getStatusCode(), System.nanoTime() - start));
        ctx.next();
    }

    private void health(RoutingContext ctx) {
        ctx.json(new JsonObject().put("status", "UP").put("engines", registry.names().size())
                .put("queued", scheduler.stats().stream().mapToInt(SchedulerStats::queued).sum())
                .put("queueCapacity", settings.inference().queueCapacity()));
    }

    private void engines(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (EngineInfo info : registry.infos()) {
            list.add(new JsonObject().put("name", info.name()).put("kind", info.kind().name())
                    .put("description", info.description()).put("workingSize", info.workingSize())
                    .put("maxBatch", info.maxBatch()).put("device", info.device())
                    .put("ready", info.ready()).put("status", info.status()));
        }
        ctx.json(new JsonObject().put("engines", list).put("default", settings.inference().defaultEngine())
                .put("auto", engines.describeAuto()));
    }

    private void failure(RoutingContext ctx) {
        Problem problem = problemFor(ctx);
        String route = ctx.normalizedPath();
        metrics.error(ROUTES.contains(route) ? route : "other", problem.title());
        if (problem.status() >= 500 && problem.status() != 503) {
            LOG.error("request {} {} failed", ctx.request().method(), route, ctx.failure());
        }
        if (ctx.response().ended()) {
            return;
        }
        if (problem.status() == 503) {
            ctx.response().putHeader("Retry-After", "1");
        }
        if (problem.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(problem.toJson(ctx.request().uri()).encode());
    }

    private static boolean decodes(String path) {
        try {
            java.net.URLDecoder.decode(path == null ? "" : path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Problem problemFor(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        while (failure != null && !(failure instanceof InpaintException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof InpaintException e) {
            return Problem.of(e);
        }
        int status = ctx.statusCode();
        return switch (status) {
            case 401 -> new Problem(401, "Unauthorized", "this server requires its API token: send 'Authorization: "
                    + "Bearer <token>', or log in at /login", "Authorization");
            case 413 -> new Problem(413, "Too large", "the request body is larger than the limit of "
                    + settings.http().maxBodyBytes() + " bytes", "body");
            case 404 -> new Problem(404, "Not found", "no resource at " + ctx.normalizedPath(), null);
            case 405 -> new Problem(405, "Method not allowed", ctx.request().method() + " is not allowed on "
                    + ctx.normalizedPath(), null);
            case 400 -> new Problem(400, "Bad input", "the request could not be parsed"
                    + (ctx.failure() == null ? "" : ": " + ctx.failure().getMessage()), "body");
            default -> new Problem(500, "Internal error", "the server failed to handle the request"
                    + (ctx.failure() == null ? "" : ": " + ctx.failure().getClass().getSimpleName()), null);
        };
    }
}
