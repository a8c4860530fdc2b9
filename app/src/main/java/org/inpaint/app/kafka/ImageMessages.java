package org.inpaint.app.kafka;

import org.inpaint.app.engines.RequestEngines;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.DecodedImage;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.MaskCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.segment.Segmenter;

/**
 * The message format of image topics. Value: an encoded image (JPEG, PNG, WebP). Holes, first found wins: header
 * {@code inpaint-mask} (PNG bytes, white = hole), header {@code inpaint-mask-json} (boxes/polygons JSON), header
 * {@code inpaint-select} ("x,y,w,h;...": the object in each box, segmented), the image's transparency, the
 * pipeline's configured boxes. Header {@code inpaint-engine} picks the engine.
 */
public final class ImageMessages {

    public static final String MASK = "inpaint-mask";
    public static final String MASK_JSON = "inpaint-mask-json";
    public static final String ENGINE = "inpaint-engine";
    public static final String SELECT = "inpaint-select";

    /** A decoded message, ready for the scheduler. */
    public record Decoded(DecodedImage image, Mask mask, String engine) {
    }

    private final ImageCodec codec;
    private final List<String> defaultBoxes;
    private final String defaultEngine;
    private final RequestEngines engines;

    public ImageMessages(ImageCodec codec, List<String> defaultBoxes, String defaultEngine, RequestEngines engines) {
        this.codec = codec;
        this.defaultBoxes = defaultBoxes;
        this.defaultEngine = defaultEngine;
        this.engines = engines;
    }

    public Decoded decode(byte[] value, Headers headers) {
        if (value == null || value.length == 0) {
            throw InpaintException.badInput("value", "the message has no value; it must be an encoded image");
        }
        DecodedImage image = codec.decode(value, "value");
        int w = image.image().width(), h = image.image().height();
        Mask mask;
        Header png = headers.lastHeader(MASK);
        Header json = headers.lastHeader(MASK_JSON);
        if (png != null) {
            mask = new MaskCodec(codec).decodeImage(png.value(), "header " + MASK).requireSize(w, h, "header " + MASK);
        } else if (json != null) {
            mask = MaskCodec.fromJson(w, h, new String(json.value(), StandardCharsets.UTF_8), "header " + MASK_JSON);
        } else if (headers.lastHeader(SELECT) != null) {
            String boxes = new String(headers.lastHeader(SELECT).value(), StandardCharsets.UTF_8);
            mask = new Segmenter().fromBoxes(image.image(), Segmenter.parseBoxes(List.of(boxes.split(";")), "header " + SELECT),
                    "header " + SELECT);
        } else if (image.hasTransparency()) {
            mask = image.alphaMask();
        } else if (!defaultBoxes.isEmpty()) {
            mask = MaskCodec.fromBoxes(w, h, defaultBoxes, "kafka.boxes");
        } else {
            throw InpaintException.badInput("mask", "no holes: send header " + MASK + " (PNG), " + MASK_JSON
                    + " (JSON) or " + SELECT + " (boxes around objects), an image with transparent holes, or configure kafka.boxes");
        }
        Header engine = headers.lastHeader(ENGINE);
        String requested = engine == null ? defaultEngine : new String(engine.value(), StandardCharsets.UTF_8);
        return new Decoded(image, mask, engines.forImage(requested, mask));
    }
}
