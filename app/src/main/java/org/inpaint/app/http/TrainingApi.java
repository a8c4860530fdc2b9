package org.inpaint.app.http;

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

    TrainingApi(Vertx vertx, TrainerVerticle trainer) {
        this.vertx = vertx;
        this.trainer = trainer;
    }

    void mount(Router router) {
        router.post("/v1/training").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        router.post("/v1/training").handler(ctx -> forward(ctx, TrainingClient.START, body(ctx), 202));
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
