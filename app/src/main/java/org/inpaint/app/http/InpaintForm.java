package org.inpaint.app.http;

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
import org.inpaint.core.segment.Segmenter;

/**
 * The multipart form of {@code POST /v1/inpaint} and {@code POST /v1/attention}: a file {@code image}, the holes as
 * a file {@code mask} (white = hole, or transparent = hole), as {@code boxes} ("x,y,w,h;x,y,w,h") or as
 * {@code polygons} (JSON), as {@code select} ("x,y,w,h;..."): the object in each box, segmented), or else the
 * image's own transparency; optional {@code engine} and {@code format}.
 * Taken from the request on the event loop; {@link #decode} reads the files and belongs off it.
 */
record InpaintForm(List<FileUpload> uploads, String engine, String format, String boxes, String polygons, String select) {

    /** The image and holes, decoded and checked, with the engine and output format asked for. */
    record Decoded(DecodedImage image, Mask mask, String engine, ImageFormat format) {

        Decoded withEngine(String name) {
            return new Decoded(image, mask, name, format);
        }
    }

    static InpaintForm of(RoutingContext ctx, String defaultEngine) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw new InpaintException(InpaintException.Kind.UNSUPPORTED_FORMAT, "body",
                    "expected a multipart/form-data body with a file field 'image' (got "
                            + (contentType == null ? "no Content-Type" : contentType) + ")");
        }
        return new InpaintForm(ctx.fileUploads(), value(ctx, "engine", defaultEngine), value(ctx, "format", null),
                value(ctx, "boxes", null), value(ctx, "polygons", null), value(ctx, "select", null));
    }

    /** The file field {@code image}, decoded (off the event loop). */
    DecodedImage decodeImage(ImageCodec codec) {
        FileUpload imageUpload = upload("image");
        if (imageUpload == null) {
            throw InpaintException.badInput("image", "missing the file field 'image' (the photo)");
        }
        return codec.decode(read(imageUpload, "image"), "image");
    }

    Decoded decode(ImageCodec codec) {
        DecodedImage image = decodeImage(codec);
        int w = image.image().width();
        int h = image.image().height();
        FileUpload maskUpload = upload("mask");
        Mask mask;
        if (maskUpload != null) {
            mask = new MaskCodec(codec).decodeImage(read(maskUpload, "mask"), "mask");
        } else if (boxes != null) {
            mask = MaskCodec.fromBoxes(w, h, Arrays.asList(boxes.split(";")), "boxes");
        } else if (polygons != null) {
            mask = MaskCodec.fromJson(w, h, polygons, "polygons");
        } else if (select != null) {
            mask = new Segmenter().fromBoxes(image.image(), Segmenter.parseBoxes(Arrays.asList(select.split(";")), "select"), "select");
        } else if (image.hasTransparency()) {
            mask = image.alphaMask();
        } else {
            throw InpaintException.badInput("mask", "no holes given: send a file 'mask' (white = hole), "
                    + "'boxes' (x,y,w,h;...), 'polygons' (JSON), 'select' (x,y,w,h;...: the objects in the boxes), "
                    + "or an image with transparent holes");
        }
        ImageFormat out = format == null ? image.format() : ImageFormat.parse(format, "format");
        return new Decoded(image, mask, engine, out);
    }

    private FileUpload upload(String name) {
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

    static String value(RoutingContext ctx, String name, String fallback) {
        String v = ctx.request().getFormAttribute(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
