package org.inpaint.app.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.DecodedImage;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.scheduler.BackpressurePolicy;
import org.inpaint.inference.scheduler.BatchScheduler;
import org.inpaint.inference.scheduler.FrameJob;
import org.inpaint.inference.scheduler.Outcome;

/**
 * {@code POST /v1/inpaint}: multipart with a file {@code image}, the holes as a file {@code mask} (white = hole, or
 * transparent = hole), as {@code boxes} ("x,y,w,h;x,y,w,h") or as {@code polygons} (JSON), or else the image's own
 * transparency; optional {@code engine} and {@code format}. Answers with the filled image.
 */
final class InpaintHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final EngineRegistry registry;
    private final BatchScheduler scheduler;
    private final AtomicLong requests = new AtomicLong();
    private final ImageCodec codec;
    private final MaskCodec masks;
    private final String defaultEngine;
    private final HttpMetrics metrics;

    InpaintHandler(Vertx vertx, EngineRegistry registry, BatchScheduler scheduler, ImageCodec codec, String defaultEngine,
                   HttpMetrics metrics) {
        this.vertx = vertx;
        this.registry = registry;
        this.scheduler = scheduler;
        this.codec = codec;
        this.masks = new MaskCodec(codec);
        this.defaultEngine = defaultEngine;
        this.metrics = metrics;
    }

    /** What the request asks for, read and validated off the event loop. */
    private record Job(DecodedImage image, Mask mask, String engine, ImageFormat format) {
    }

    @Override
    public void handle(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            ctx.fail(new InpaintException(InpaintException.Kind.UNSUPPORTED_FORMAT, "body",
                    "expected a multipart/form-data body with a file field 'image' (got "
                            + (contentType == null ? "no Content-Type" : contentType) + ")"));
            return;
        }
        List<FileUpload> uploads = ctx.fileUploads();
        String engine = formValue(ctx, "engine", defaultEngine);
        String format = formValue(ctx, "format", null);
        String boxes = formValue(ctx, "boxes", null);
        String polygons = formValue(ctx, "polygons", null);
        vertx.executeBlocking(() -> readJob(uploads, engine, format, boxes, polygons), false)
                .compose(job -> Future.fromCompletionStage(fill(job), vertx.getOrCreateContext())
                        .compose(result -> vertx.executeBlocking(() -> encode(result, job.format()), false)
                                .map(bytes -> new Reply(result, job.format(), bytes))))
                .onSuccess(reply -> {
                    metrics.engineRun(reply.result().job().engine(), reply.result().queuedMillis(), reply.result().runMillis());
                    ctx.response()
                            .putHeader("Content-Type", reply.format().mimeType())
                            .putHeader("Content-Disposition", "inline; filename=\"inpainted." + reply.format().extension() + "\"")
                            .putHeader("X-Inpaint-Engine", reply.result().job().engine())
                            .putHeader("X-Inpaint-Batch", Integer.toString(reply.result().batchSize()))
                            .putHeader("X-Inpaint-Millis", Long.toString(reply.result().runMillis()))
                            .putHeader("X-Inpaint-Queue-Millis", Long.toString(reply.result().queuedMillis()))
                            .end(Buffer.buffer(reply.bytes()));
                })
                .onFailure(ctx::fail);
    }

    private record Reply(Outcome.Filled result, ImageFormat format, byte[] bytes) {
    }

    /** Through the same scheduler as every other source; a full queue answers 503 at once. */
    private CompletableFuture<Outcome.Filled> fill(Job job) {
        FrameJob frame = new FrameJob("http", requests.incrementAndGet(), job.image().image(), job.mask(), job.engine(),
                BackpressurePolicy.REJECT_WHEN_FULL);
        return scheduler.submit(frame).thenApply(outcome -> {
            if (outcome instanceof Outcome.Filled filled) {
                return filled;
            }
            if (outcome instanceof Outcome.Failed failed) {
                throw new InpaintException(InpaintException.Kind.INTERNAL, "engine",
                        "engine '" + job.engine() + "' failed: " + failed.error().getMessage(), failed.error());
            }
            throw new InpaintException(InpaintException.Kind.OVERLOADED, null, ((Outcome.Dropped) outcome).reason());
        });
    }

    private Job readJob(List<FileUpload> uploads, String engine, String formatName, String boxes, String polygons) {
        registry.requireReady(engine);
        FileUpload imageUpload = upload(uploads, "image");
        if (imageUpload == null) {
            throw InpaintException.badInput("image", "missing the file field 'image' (the photo to fill)");
        }
        DecodedImage image = codec.decode(read(imageUpload, "image"), "image");
        int w = image.image().width();
        int h = image.image().height();
        FileUpload maskUpload = upload(uploads, "mask");
        Mask mask;
        if (maskUpload != null) {
            mask = masks.decodeImage(read(maskUpload, "mask"), "mask");
        } else if (boxes != null && !boxes.isBlank()) {
            mask = MaskCodec.fromBoxes(w, h, Arrays.asList(boxes.split(";")), "boxes");
        } else if (polygons != null && !polygons.isBlank()) {
            mask = MaskCodec.fromJson(w, h, polygons, "polygons");
        } else if (image.hasTransparency()) {
            mask = image.alphaMask();
        } else {
            throw InpaintException.badInput("mask", "no holes given: send a file 'mask' (white = hole), "
                    + "'boxes' (x,y,w,h;...), 'polygons' (JSON), or an image with transparent holes");
        }
        ImageFormat format = formatName == null || formatName.isBlank() ? image.format() : ImageFormat.parse(formatName, "format");
        return new Job(image, mask, engine, format);
    }

    private byte[] encode(Outcome.Filled result, ImageFormat format) {
        return codec.encode(result.image(), format);
    }

    private static FileUpload upload(List<FileUpload> uploads, String name) {
        FileUpload found = null;
        for (FileUpload u : uploads) {
            if (u.name().equals(name)) {
                if (found != null) {
                    throw InpaintException.badInput(name, "the file field '" + name + "' was sent more than once");
                }
                found = u;
            }
        }
        return found;
    }

    private static byte[] read(FileUpload upload, String field) {
        return ImageCodec.readBytes(Path.of(upload.uploadedFileName()), field);
    }

    private static String formValue(RoutingContext ctx, String name, String fallback) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

}
