package org.inpaint.app.training;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.inpaint.core.InpaintException;

/** The trainer's event-bus addresses, and requests to it with failures turned back into {@link InpaintException}s. */
public final class TrainingClient {

    public static final String START = "inpaint.training.start";
    public static final String STOP = "inpaint.training.stop";
    public static final String STATUS = "inpaint.training.status";
    /** Published: one JSON object per step and event ("step", "sample", "checkpoint", "finished", ...). */
    public static final String PROGRESS = "inpaint.training.progress";

    private TrainingClient() {
    }

    /** Sends a request; a refusal fails the future with the trainer's InpaintException (kind, field, message). */
    public static Future<JsonObject> request(Vertx vertx, String address, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(address, body, new DeliveryOptions().setSendTimeout(60_000))
                .map(Message::body)
                .recover(e -> Future.failedFuture(e instanceof ReplyException r && r.failureCode() > 0 ? decode(r) : e));
    }

    static void fail(Message<?> m, InpaintException e) {
        m.fail(e.kind().status(), new JsonObject().put("kind", e.kind().name()).put("field", e.field())
                .put("message", e.getMessage()).encode());
    }

    private static Throwable decode(ReplyException r) {
        try {
            JsonObject j = new JsonObject(r.getMessage());
            return new InpaintException(InpaintException.Kind.valueOf(j.getString("kind")), j.getString("field"), j.getString("message"));
        } catch (RuntimeException notOurs) {
            return r;
        }
    }
}
