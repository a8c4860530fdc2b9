package org.inpaint.app.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.DecodedImage;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.segment.Segmenter;

/**
 * {@code POST /v1/segment}: a multipart file {@code image} and a {@code box} "x,y,w,h" around an object; answers
 * the object's mask as a PNG of the image's size (white = object), ready to send back as the {@code mask} of
 * {@code /v1/inpaint} (or to correct first). A box outside the image or of no area is a 400 naming {@code box}.
 */
final class SegmentHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final ImageCodec codec;
    private final Segmenter segmenter = new Segmenter();

    SegmentHandler(Vertx vertx, ImageCodec codec) {
        this.vertx = vertx;
        this.codec = codec;
    }

    @Override
    public void handle(RoutingContext ctx) {
        InpaintForm form = InpaintForm.of(ctx, null);
        String box = InpaintForm.value(ctx, "box", null);
        vertx.executeBlocking(() -> {
            if (box == null) {
                throw InpaintException.badInput("box", "missing the field 'box' (x,y,w,h around the object)");
            }
            DecodedImage image = form.decodeImage(codec);
            Mask object = segmenter.fromBox(image.image(), Segmenter.parseBoxes(List.of(box), "box").get(0), "box");
            return codec.encodeGray(object.width(), object.height(), object.toGray(), ImageFormat.PNG);
        }, false).onSuccess(png -> ctx.response().putHeader("Content-Type", ImageFormat.PNG.mimeType())
                .end(Buffer.buffer(png))).onFailure(ctx::fail);
    }
}
