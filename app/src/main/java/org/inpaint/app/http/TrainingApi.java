package org.inpaint.app.http;

import org.inpaint.app.security.AccessPolicy;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.inpaint.app.training.TrainerVerticle;
import org.inpaint.app.training.TrainingClient;
import org.inpaint.core.InpaintException;

/**
 * {@code POST /v1/training} starts a run (202), {@code GET /v1/training} tells its progress, {@code DELETE
 * /v1/training} stops it (202); {@code GET /v1/training/files/...} serves the run's sample grids and loss plot.
 * The trainer runs in its own verticle; this only forwards over the event bus.
 */
final class TrainingApi {

    private final Vertx vertx;
    private final TrainerVerticle trainer;
    private final AccessPolicy access;

    TrainingApi(Vertx vertx, TrainerVerticle trainer, AccessPolicy access) {
        this.vertx = vertx;
        this.trainer = trainer;
        this.access = access;
    }

    void mount(Router router) {
        router.post("/v1/training").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.post("/v1/training").handler(ctx -> forward(ctx, TrainingClient.START, confined(body(ctx)), 202));
        router.get("/v1/training").handler(ctx -> forward(ctx, TrainingClient.STATUS, new JsonObject(), 200));
        router.delete("/v1/training").handler(ctx -> forward(ctx, TrainingClient.STOP, new JsonObject(), 202));
        router.get("/v1/training/files/*").handler(this::file);
    }

    private void forward(RoutingContext ctx, String address, JsonObject body, int status) {
        TrainingClient.request(vertx, address, body)
                .onSuccess(s -> ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(s.encode()))
                .onFailure(ctx::fail);
    }

    private void file(RoutingContext ctx) {
        Path run = trainer.runDirectory();
        String relative = ctx.pathParam("*");
        if (run == null || relative == null || relative.isBlank()) {
            ctx.fail(new InpaintException(InpaintException.Kind.NOT_FOUND, "path", "no training run has written files yet"));
            return;
        }
        Path root = run.toAbsolutePath().normalize();
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file) || !relative.endsWith(".png")) {
            ctx.fail(new InpaintException(InpaintException.Kind.NOT_FOUND, "path", "no image " + relative + " in the current run"));
            return;
        }
        ctx.response().putHeader("Content-Type", "image/png").putHeader("Cache-Control", "no-store").sendFile(file.toString());
    }

    /** The request with its directories checked against the allowed roots and made absolute. */
    private JsonObject confined(JsonObject body) {
        for (String field : new String[] {"data", "val"}) {
            if (body.getValue(field) instanceof String dir && !dir.isBlank()) {
                body.put(field, access.file(field, dir, AccessPolicy.Area.DATASETS).toString());
            }
        }
        if (body.getValue("out") instanceof String out && !out.isBlank()) {
            body.put("out", access.file("out", out, AccessPolicy.Area.RUNS).toString());
        }
        return body;
    }

    private static JsonObject body(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw InpaintException.badInput("body", "expected a JSON object with model, data and steps");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw InpaintException.badInput("body", "the body is not a JSON object: " + e.getMessage());
        }
    }
}
