package org.inpaint.app.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.inpaint.core.InpaintException;

/**
 * Refuses an upload with 503 (and Retry-After) before its body is read when as many requests are already admitted
 * as the scheduler can hold (its queue and a batch per worker). Without it, under overload every refused request
 * was still uploaded, stored and decoded before the full queue refused it: that work starved the accepted requests
 * (seconds of latency) and delayed the uploads' file writes so long that complete bodies were taken for truncated
 * ones. The connection is closed after the answer, since the unread body cannot be skipped.
 */
final class AdmissionLimit implements Handler<RoutingContext> {

    private final int limit;
    private final AtomicInteger admitted = new AtomicInteger();

    AdmissionLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("admission limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (admitted.incrementAndGet() > limit) {
            admitted.decrementAndGet();
            ctx.response().putHeader("Connection", "close");
            ctx.fail(new InpaintException(InpaintException.Kind.OVERLOADED, null, limit
                    + " requests are already being served; try again shortly"));
            return;
        }
        ctx.addEndHandler(v -> admitted.decrementAndGet());
        ctx.next();
    }

    int admitted() {
        return admitted.get();
    }
}
