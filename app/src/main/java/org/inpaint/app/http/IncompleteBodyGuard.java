package org.inpaint.app.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import org.inpaint.core.InpaintException;

/**
 * Answers a multipart request whose body ended inside a part. Vert.x's body handler waits for every upload to end,
 * and an upload cut off before its boundary never does, so such a request would hang until the client gave up.
 * This guard goes before the body handler and {@link #passed()} right after it: once the request has been read to
 * its end, the body handler gets {@link #GRACE_MS} to pass it on, else the request fails with 400 naming the body.
 */
final class IncompleteBodyGuard implements Handler<RoutingContext> {

    static final long GRACE_MS = 1000;
    private static final String PASSED = "inpaint.bodyPassed";
    private static final long TICK_MS = 100;

    private final Vertx vertx;

    IncompleteBodyGuard(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long[] endedAt = {-1};
        long timer = vertx.setPeriodic(TICK_MS, id -> {
            if (ctx.get(PASSED) != null || ctx.response().ended() || ctx.failed()) {
                vertx.cancelTimer(id);
            } else if (ctx.request().isEnded()) {
                long now = System.nanoTime();
                if (endedAt[0] < 0) {
                    endedAt[0] = now;
                } else if (now - endedAt[0] > GRACE_MS * 1_000_000) {
                    vertx.cancelTimer(id);
                    ctx.fail(InpaintException.badInput("body", "the multipart body ended inside a part: a part has no "
                            + "closing boundary (truncated or corrupted upload)"));
                }
            }
        });
        ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        ctx.next();
    }

    /** The handler to place right after the body handler. */
    static Handler<RoutingContext> passed() {
        return ctx -> {
            ctx.put(PASSED, Boolean.TRUE);
            ctx.next();
        };
    }
}
