package org.inpaint.app.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.inpaint.app.sinks.PreviewSink;
import org.inpaint.app.stream.StreamManager;
import org.inpaint.app.stream.StreamRunner;
import org.inpaint.app.stream.StreamSpec;
import org.inpaint.app.security.AccessPolicy;
import org.inpaint.ingest.mask.Masks;
import org.inpaint.core.InpaintException;
import org.inpaint.ingest.mask.MaskProvider;

/**
 * Video streams over HTTP: {@code POST/GET /v1/streams}, {@code GET/DELETE /v1/streams/{id}},
 * {@code PUT /v1/streams/{id}/mask} (JSON mask object, or a PNG body: static holes, or with {@code ?mode=motion}
 * the region where motion is removed), {@code PUT /v1/streams/{id}/engine}, {@code GET /v1/streams/{id}/frame}
 * (the latest input frame as JPEG), and the live preview WebSocket {@code /v1/streams/{id}/preview}: binary
 * messages, one byte (0 = before, 1 = after) then a JPEG.
 */
final class StreamsApi {

    private final Vertx vertx;
    private final StreamManager streams;
    private final String defaultEngine;
    private final AccessPolicy access;

    StreamsApi(Vertx vertx, StreamManager streams, String defaultEngine, AccessPolicy access) {
        this.vertx = vertx;
        this.streams = streams;
        this.defaultEngine = defaultEngine;
        this.access = access;
    }

    void mount(Router router, long maxBodyBytes) {
        router.route("/v1/streams*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post("/v1/streams").handler(this::create);
        router.get("/v1/streams").handler(ctx -> ctx.json(new JsonObject().put("streams", list())));
        router.get("/v1/streams/:id").handler(ctx -> ctx.json(describe(streams.get(ctx.pathParam("id")))));
        router.delete("/v1/streams/:id").handler(ctx -> vertx.executeBlocking(() -> {
            streams.stop(ctx.pathParam("id"), Duration.ofSeconds(10));
            return null;
        }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail));
        router.put("/v1/streams/:id/mask").handler(this::replaceMask);
        router.put("/v1/streams/:id/engine").handler(this::switchEngine);
        router.get("/v1/streams/:id/frame").handler(this::latestFrame);
    }

    /** The preview WebSocket; answers false when the path is not a preview path. */
    boolean handlePreview(ServerWebSocket ws) {
        String path = ws.path();
        if (!path.startsWith("/v1/streams/") || !path.endsWith("/preview")) {
            return false;
        }
        String id = path.substring("/v1/streams/".length(), path.length() - "/preview".length());
        StreamManager.Running running;
        try {
            running = streams.get(id);
        } catch (InpaintException e) {
            ws.close((short) 4404, e.getMessage());
            return true;
        }
        AtomicBoolean sending = new AtomicBoolean();
        Runnable unsubscribe = running.preview().subscribe(p -> {
            // Skip this pair if the client has not taken the last one yet: slow clients get fewer frames.
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            vertx.runOnContext(v -> {
                if (ws.isClosed() || ws.writeQueueFull()) {
                    sending.set(false);
                    return;
                }
                ws.writeBinaryMessage(tagged((byte) 0, p.beforeJpeg()))
                        .compose(x -> ws.writeBinaryMessage(tagged((byte) 1, p.afterJpeg())))
                        .onComplete(x -> sending.set(false));
            });
        });
        ws.closeHandler(v -> unsubscribe.run());
        return true;
    }

    private static Buffer tagged(byte tag, byte[] jpeg) {
        return Buffer.buffer(jpeg.length + 1).appendByte(tag).appendBytes(jpeg);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = json(ctx);
        if (body.getValue("source") instanceof String source && !source.isBlank()) {
            body.put("source", access.source("source", source));
        }
        if (body.getValue("output") instanceof String output && !output.isBlank()) {
            body.put("output", access.output("output", output));
        }
        if (body.getValue("mask") instanceof JsonObject mask && mask.getValue("frames") instanceof String frames) {
            mask.put("frames", access.file("mask.frames", frames, AccessPolicy.Area.MEDIA).toString());
        }
        StreamManager.Request request = StreamManager.Request.parse(body, defaultEngine);
        vertx.executeBlocking(() -> streams.start(request), false)
                .onSuccess(r -> ctx.response().setStatusCode(201).putHeader("Location", "/v1/streams/" + request.spec().id())
                        .putHeader("Content-Type", "application/json").end(describe(r).encode()))
                .onFailure(ctx::fail);
    }

    private void replaceMask(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String type = ctx.request().getHeader("Content-Type");
        MaskProvider provider;
        StreamManager.MaskDescription description;
        if (type != null && type.startsWith("image/")) {
            byte[] image = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            String mode = ctx.queryParams().get("mode");
            if ("motion".equals(mode)) {
                provider = Masks.motionWithin(image, "mask");
                description = new StreamManager.MaskDescription("motion", "painted region (" + type + ")");
            } else if (mode == null || "static".equals(mode)) {
                provider = Masks.image(image, "mask");
                description = new StreamManager.MaskDescription("image", type);
            } else {
                throw InpaintException.badInput("mode", "mode is 'static' (the painted pixels are holes) or 'motion' "
                        + "(whatever moves inside the painted region is removed), got '" + mode + "'");
            }
        } else {
            JsonObject mask = json(ctx);
            provider = StreamManager.Request.maskProvider(mask);
            description = StreamManager.Request.describeMask(mask);
        }
        streams.replaceMasks(id, provider, description);
        ctx.json(describe(streams.get(id)));
    }

    private void switchEngine(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Object value = json(ctx).getValue("engine");
        String engine = value instanceof String s ? s : null;
        if (engine == null || engine.isBlank()) {
            throw InpaintException.badInput("engine", "expected {\"engine\": \"name\"}");
        }
        streams.switchEngine(id, engine);
        ctx.json(describe(streams.get(id)));
    }

    private void latestFrame(RoutingContext ctx) {
        PreviewSink.Preview p = streams.get(ctx.pathParam("id")).preview().latest();
        if (p == null) {
            throw new InpaintException(InpaintException.Kind.NOT_FOUND, "id",
                    "stream '" + ctx.pathParam("id") + "' has produced no frame yet");
        }
        ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store")
                .putHeader("X-Inpaint-Frame", Long.toString(p.seq())).end(Buffer.buffer(p.beforeJpeg()));
    }

    private static JsonObject json(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw InpaintException.badInput("body", "expected a JSON object body");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw InpaintException.badInput("body", "the body is not a JSON object: " + e.getMessage());
        }
    }

    private JsonArray list() {
        JsonArray a = new JsonArray();
        streams.all().forEach(r -> a.add(describe(r)));
        return a;
    }

    static JsonObject describe(StreamManager.Running r) {
        StreamRunner.StreamStats s = r.runner().stats();
        StreamSpec spec = r.runner().spec();
        PreviewSink.Preview p = r.preview().latest();
        return new JsonObject().put("id", s.id()).put("source", spec.source().uri()).put("engine", r.runner().engine())
                .put("live", spec.live()).put("temporalFill", spec.temporalFill())
                .put("mask", new JsonObject().put("kind", r.masks().kind()).put("spec", r.masks().detail()))
                .put("state", s.state()).put("lastError", s.lastError())
                .put("framesIn", s.framesIn()).put("framesOut", s.framesOut()).put("dropped", s.dropped())
                .put("failed", s.failed()).put("reconnects", s.reconnects())
                .put("fps", Math.round(s.fps() * 10) / 10.0)
                .put("lastLatencyMillis", p == null ? null : p.totalMillis())
                .put("previewClients", r.preview().subscriberCount())
                .put("preview", "/v1/streams/" + s.id() + "/preview");
    }
}
