package org.inpaint.app.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.inpaint.core.InpaintException;
import org.inpaint.core.Inpainter;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.RgbImage;
import org.inpaint.inference.neural.NeuralEngine;

/**
 * {@code POST /v1/attention} (the same form as {@code /v1/inpaint}): the network's attention for the image as a
 * PNG of the image's size, colour-coded by the offset to the attended patch (white = known pixels). Only networks
 * with an attention layer (deepfill, csa) have one; others answer 400 naming the field {@code engine}.
 */
final class AttentionHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final EngineRegistry registry;
    private final ImageCodec codec;
    /** The attention engine when the service's default is "auto": the contextual-attention network. */
    static final String DEFAULT_NETWORK = "deepfill";

    private final String defaultEngine;

    AttentionHandler(Vertx vertx, EngineRegistry registry, ImageCodec codec, String defaultEngine) {
        this.vertx = vertx;
        this.registry = registry;
        this.codec = codec;
        this.defaultEngine = defaultEngine;
    }

    @Override
    public void handle(RoutingContext ctx) {
        InpaintForm form = InpaintForm.of(ctx, defaultEngine);
        vertx.executeBlocking(() -> render(form), false)
                .onSuccess(png -> ctx.response().putHeader("Content-Type", ImageFormat.PNG.mimeType())
                        .putHeader("X-Inpaint-Engine", form.engine()).end(Buffer.buffer(png)))
                .onFailure(ctx::fail);
    }

    /** A fresh engine per request: attention is a diagnostic, not the serving path, and the workers stay untouched. */
    private byte[] render(InpaintForm form) {
        registry.requireReady(form.engine());
        InpaintForm.Decoded job = form.decode(codec);
        Inpainter.validate(job.image().image(), job.mask());
        try (InpaintEngine engine = registry.create(form.engine())) {
            if (!(engine instanceof NeuralEngine neural)) {
                throw InpaintException.badInput("engine", "engine '" + form.engine()
                        + "' has no attention to show; use deepfill or csa");
            }
            RgbImage picture = neural.attentionOfWholeImage(job.image().image(), job.mask()).orElseThrow(() ->
                    InpaintException.badInput("engine", "engine '" + form.engine() + "' exposes no attention flow"));
            return codec.encode(picture, ImageFormat.PNG);
        }
    }
}
