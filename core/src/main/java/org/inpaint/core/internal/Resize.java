package org.inpaint.core.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** Image and mask scaling through OpenCV. */
public final class Resize {

    private Resize() {
    }

    /** Area averaging when shrinking, bicubic when enlarging. */
    public static RgbImage image(RgbImage src, int width, int height) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        boolean shrinking = width < src.width() || height < src.height();
        try (PointerScope scope = new PointerScope()) {
            Mat in = OpenCvImages.toBgrMat(src);
            Mat out = new Mat();
            opencv_imgproc.resize(in, out, new Size(width, height), 0, 0,
                    shrinking ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_CUBIC);
            return OpenCvImages.fromBgrMat(out);
        }
    }

    /** Conservative: a target pixel is a hole when any part of its source footprint is. */
    public static Mask mask(Mask src, int width, int height) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        try (PointerScope scope = new PointerScope()) {
            Mat in = OpenCvImages.toHoleMat(src);
            Mat out = new Mat();
            opencv_imgproc.resize(in, out, new Size(width, height), 0, 0, opencv_imgproc.INTER_AREA);
            if (out.type() != CV_8UC1) {
                throw new IllegalStateException("unexpected mask type " + out.type());
            }
            return Mask.threshold(width, height, OpenCvImages.bytes(out), 0);
        }
    }
}
