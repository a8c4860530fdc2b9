package org.inpaint.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;

/**
 * Reads masks from the forms users give them in: an image (white = hole, or transparent = hole when the PNG
 * has an alpha channel that is not fully opaque), boxes "x,y,w,h", and JSON with polygons and boxes.
 */
public final class MaskCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageCodec codec;

    public MaskCodec(ImageCodec codec) {
        this.codec = codec;
    }

    /** A mask image: transparent pixels are holes when it has transparency, else pixels brighter than mid-grey. */
    public Mask decodeImage(byte[] bytes, String field) {
        DecodedImage decoded = codec.decode(bytes, field);
        if (decoded.hasTransparency()) {
            return decoded.alphaMask();
        }
        return brightAsHoles(decoded.image());
    }

    /** Pixels whose mean of r, g, b is above 127 become holes. */
    public static Mask brightAsHoles(RgbImage image) {
        byte[] rgb = image.data();
        byte[] gray = new byte[image.width() * image.height()];
        for (int i = 0; i < gray.length; i++) {
            int sum = (rgb[3 * i] & 0xFF) + (rgb[3 * i + 1] & 0xFF) + (rgb[3 * i + 2] & 0xFF);
            gray[i] = (byte) (sum / 3);
        }
        return Mask.threshold(image.width(), image.height(), gray, 127);
    }

    public byte[] encode(Mask mask, ImageFormat format) {
        return codec.encodeGray(mask.width(), mask.height(), mask.toGray(), format);
    }

    /** Boxes given as "x,y,w,h" strings. */
    public static Mask fromBoxes(int width, int height, List<String> boxes, String field) {
        List<Rect> rects = new ArrayList<>();
        for (String b : boxes) {
            try {
                rects.add(Rect.parse(b));
            } catch (IllegalArgumentException e) {
                throw InpaintException.badInput(field, e.getMessage());
            }
        }
        return Mask.ofBoxes(width, height, rects);
    }

    /**
     * A mask from JSON: either {@code {"polygons": [[[x,y], ...], ...], "boxes": [[x,y,w,h], ...]}} (either key may be
     * left out) or a bare array of polygons.
     */
    public static Mask fromJson(int width, int height, String json, String field) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw InpaintException.badInput(field, field + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null) {
            throw InpaintException.badInput(field, field + " is empty");
        }
        JsonNode polygons = root.isArray() ? root : root.path("polygons");
        JsonNode boxes = root.isArray() ? null : root.path("boxes");
        List<double[][]> polys = new ArrayList<>();
        if (polygons.isArray()) {
            for (JsonNode poly : polygons) {
                if (!poly.isArray() || poly.size() < 3) {
                    throw InpaintException.badInput(field, field + ": each polygon is an array of at least 3 [x, y] points");
                }
                double[][] pts = new double[poly.size()][];
                for (int i = 0; i < poly.size(); i++) {
                    JsonNode p = poly.get(i);
                    if (!p.isArray() || p.size() != 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                        throw InpaintException.badInput(field, field + ": polygon point " + i + " is not [x, y]: " + p);
                    }
                    pts[i] = new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
                }
                polys.add(pts);
            }
        }
        List<Rect> rects = new ArrayList<>();
        if (boxes != null && boxes.isArray()) {
            for (JsonNode b : boxes) {
                if (!b.isArray() || b.size() != 4) {
                    throw InpaintException.badInput(field, field + ": each box is [x, y, w, h]: " + b);
                }
                int w = b.get(2).asInt();
                int h = b.get(3).asInt();
                if (w <= 0 || h <= 0) {
                    throw InpaintException.badInput(field, field + ": a box needs a positive width and height: " + b);
                }
                rects.add(new Rect(b.get(0).asInt(), b.get(1).asInt(), w, h));
            }
        }
        if (polys.isEmpty() && rects.isEmpty()) {
            throw InpaintException.badInput(field, field + " has no polygons and no boxes");
        }
        Mask mask = Mask.ofPolygons(width, height, polys);
        return rects.isEmpty() ? mask : mask.union(Mask.ofBoxes(width, height, rects));
    }
}
