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
import org.inpaint.core.segment.Clicks;
import org.inpaint.core.segment.Scribbles;
import org.inpaint.core.segment.Segmenter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v1/segment}: a multipart file {@code image} and a {@code box} "x,y,w,h" around an object, or
 * {@code points}, clicks on it (JSON, see {@link #clicks}), or {@code scribbles}, strokes over it (JSON, see
 * {@link #scribbles}); answers
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
        String points = InpaintForm.value(ctx, "points", null);
        String scribbles = InpaintForm.value(ctx, "scribbles", null);
        vertx.executeBlocking(() -> {
            if (box == null && points == null && scribbles == null) {
                throw InpaintException.badInput("box", "missing the field 'box' (x,y,w,h around the object), 'points' "
                        + "(clicks: [[x,y],...] on the object, or {\"object\": [[x,y],...], \"background\": [[x,y],...]}) "
                        + "or 'scribbles' ({\"object\": [[[x,y],...],...], \"background\": [[[x,y],...],...]})");
            }
            DecodedImage image = form.decodeImage(codec);
            Mask object = box != null
                    ? segmenter.fromBox(image.image(), Segmenter.parseBoxes(List.of(box), "box").get(0), "box")
                    : points != null ? segmenter.fromClicks(image.image(), clicks(points), "points")
                    : segmenter.fromScribbles(image.image(), scribbles(scribbles), "scribbles");
            return codec.encodeGray(object.width(), object.height(), object.toGray(), ImageFormat.PNG);
        }, false).onSuccess(png -> ctx.response().putHeader("Content-Type", ImageFormat.PNG.mimeType())
                .end(Buffer.buffer(png))).onFailure(ctx::fail);
    }

    /** {@code [[x,y],...]} (clicks on the object) or {@code {"object": [[x,y],...], "background": [[x,y],...]}}. */
    static Clicks clicks(String json) {
        Object parsed = parse(json, "points");
        if (parsed instanceof JsonArray object) {
            return new Clicks(points(object, "points"), List.of());
        }
        if (parsed instanceof JsonObject o) {
            return new Clicks(points(array(o, "object"), "points.object"), points(array(o, "background"), "points.background"));
        }
        throw InpaintException.badInput("points", "clicks are [[x,y],...] or {\"object\": [[x,y],...], \"background\": [[x,y],...]}");
    }

    /** {@code {"object": [[[x,y],...],...], "background": [[[x,y],...],...]}}: strokes as arrays of points. */
    static Scribbles scribbles(String json) {
        Object parsed = parse(json, "scribbles");
        if (!(parsed instanceof JsonObject o)) {
            throw InpaintException.badInput("scribbles", "scribbles are {\"object\": [[[x,y],...],...], \"background\": [[[x,y],...],...]}");
        }
        return new Scribbles(strokes(o, "object"), strokes(o, "background"));
    }

    private static Object parse(String json, String field) {
        try {
            return Json.decodeValue(json);
        } catch (DecodeException e) {
            throw InpaintException.badInput(field, "not JSON: " + e.getMessage());
        }
    }

    private static List<List<int[]>> strokes(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return List.of();
        }
        String field = "scribbles." + key;
        if (!(v instanceof JsonArray a)) {
            throw InpaintException.badInput(field, "'" + key + "' is an array of strokes, each an array of [x,y] points");
        }
        List<List<int[]>> out = new java.util.ArrayList<>();
        for (Object stroke : a) {
            if (!(stroke instanceof JsonArray points)) {
                throw InpaintException.badInput(field, "a stroke is an array of [x,y] points, got " + stroke);
            }
            out.add(points(points, field));
        }
        return out;
    }

    private static JsonArray array(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return new JsonArray();
        }
        if (!(v instanceof JsonArray a)) {
            throw InpaintException.badInput("points." + key, "'" + key + "' is an array of [x,y] points");
        }
        return a;
    }

    private static List<int[]> points(JsonArray array, String field) {
        List<int[]> out = new java.util.ArrayList<>();
        for (Object p : array) {
            if (!(p instanceof JsonArray xy) || xy.size() != 2 || !(xy.getValue(0) instanceof Integer x)
                    || !(xy.getValue(1) instanceof Integer y)) {
                throw InpaintException.badInput(field, "a point is [x, y] in whole pixels, got " + p);
            }
            out.add(new int[] {x, y});
        }
        return out;
    }
}
