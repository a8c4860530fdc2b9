package org.inpaint.inference.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** Converts between the core's images and the networks' tensors: RGB in [-1, 1], masks in {0, 1}, NCHW. */
public final class Tensors {

    private Tensors() {
    }

    /** (N, 3, H, W) in [-1, 1]; every image must have the same size. */
    public static NDArray images(NDManager m, List<RgbImage> images) {
        int w = images.get(0).width(), h = images.get(0).height(), plane = w * h;
        float[] data = new float[images.size() * 3 * plane];
        for (int n = 0; n < images.size(); n++) {
            byte[] rgb = images.get(n).data();
            int base = n * 3 * plane;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    data[base + c * plane + i] = (rgb[3 * i + c] & 0xFF) / 127.5f - 1f;
                }
            }
        }
        return m.create(data, new Shape(images.size(), 3, h, w));
    }

    /** (N, 1, H, W), 1 = hole. */
    public static NDArray masks(NDManager m, List<Mask> masks) {
        int w = masks.get(0).width(), h = masks.get(0).height(), plane = w * h;
        float[] data = new float[masks.size() * plane];
        for (int n = 0; n < masks.size(); n++) {
            byte[] bits = masks.get(n).data();
            for (int i = 0; i < plane; i++) {
                data[n * plane + i] = bits[i];
            }
        }
        return m.create(data, new Shape(masks.size(), 1, h, w));
    }

    /** (N, 3, H, W) in [-1, 1] back to images (clipped, rounded). */
    public static List<RgbImage> toImages(NDArray x) {
        Shape s = x.getShape();
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3), plane = w * h;
        float[] data = x.toType(DataType.FLOAT32, false).toFloatArray();
        List<RgbImage> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            byte[] rgb = new byte[3 * plane];
            int base = k * 3 * plane;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    float v = (data[base + c * plane + i] + 1f) * 127.5f;
                    rgb[3 * i + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
            out.add(new RgbImage(w, h, rgb));
        }
        return out;
    }
}
