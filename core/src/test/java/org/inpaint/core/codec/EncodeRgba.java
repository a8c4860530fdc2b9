package org.inpaint.core.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.inpaint.core.image.RgbImage;

/** Test helper: writes an RGBA PNG (the codec itself only writes RGB). */
final class EncodeRgba {

    private EncodeRgba() {
    }

    static byte[] png(RgbImage img, byte[] alpha) {
        try (PointerScope scope = new PointerScope()) {
            int n = img.width() * img.height();
            byte[] bgra = new byte[n * 4];
            for (int i = 0; i < n; i++) {
                bgra[4 * i] = img.data()[3 * i + 2];
                bgra[4 * i + 1] = img.data()[3 * i + 1];
                bgra[4 * i + 2] = img.data()[3 * i];
                bgra[4 * i + 3] = alpha[i];
            }
            Mat m = new Mat(img.height(), img.width(), CV_8UC4);
            m.data().put(bgra, 0, bgra.length);
            BytePointer out = new BytePointer();
            opencv_imgcodecs.imencode(".png", m, out);
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
