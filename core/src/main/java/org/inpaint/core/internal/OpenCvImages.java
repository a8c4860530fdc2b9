package org.inpaint.core.internal;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Copies between the heap types of the core and OpenCV Mats. Every Mat returned is owned by the caller,
 * who closes it (or opens a PointerScope around the call).
 */
public final class OpenCvImages {

    private OpenCvImages() {
    }

    /** A new 8UC3 Mat in OpenCV's BGR order. */
    public static Mat toBgrMat(RgbImage image) {
        Mat rgb = new Mat(image.height(), image.width(), CV_8UC3);
        try {
            rgb.data().put(image.data(), 0, image.data().length);
            Mat bgr = new Mat();
            opencv_imgproc.cvtColor(rgb, bgr, opencv_imgproc.COLOR_RGB2BGR);
            return bgr;
        } finally {
            rgb.close();
        }
    }

    /** A new 8UC1 Mat, 255 at holes, 0 elsewhere (the photo.inpaint convention). */
    public static Mat toHoleMat(Mask mask) {
        Mat m = new Mat(mask.height(), mask.width(), CV_8UC1);
        byte[] gray = mask.toGray();
        m.data().put(gray, 0, gray.length);
        return m;
    }

    /** Copies an 8UC3 BGR Mat into a new RgbImage. */
    public static RgbImage fromBgrMat(Mat bgr) {
        if (bgr.type() != CV_8UC3) {
            throw new IllegalArgumentException("expected an 8UC3 Mat, got type " + bgr.type());
        }
        try (Mat rgb = new Mat()) {
            opencv_imgproc.cvtColor(bgr, rgb, opencv_imgproc.COLOR_BGR2RGB);
            return new RgbImage(rgb.cols(), rgb.rows(), bytes(rgb));
        }
    }

    /** The pixel bytes of a Mat (made continuous when it is not). */
    public static byte[] bytes(Mat m) {
        if (!m.isContinuous()) {
            try (Mat c = m.clone()) {
                return bytes(c);
            }
        }
        byte[] out = new byte[(int) (m.total() * m.elemSize())];
        BytePointer data = m.data();
        data.get(out, 0, out.length);
        return out;
    }
}
