package org.inpaint.core.codec;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.OpenCvImages;

/**
 * Decodes and encodes still images through OpenCV. Images leave as RGB; alpha is kept apart.
 * The header is checked against {@link #maxPixels()} before anything is decoded.
 */
public final class ImageCodec {

    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private final long maxPixels;

    public ImageCodec(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive");
        }
        this.maxPixels = maxPixels;
    }

    public static ImageCodec withDefaults() {
        return new ImageCodec(DEFAULT_MAX_PIXELS);
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Reads the header and rejects images above the pixel limit. */
    public ImageHeader checkHeader(byte[] bytes, String field) {
        ImageHeader header = ImageHeader.read(bytes, field);
        if (header.pixels() > maxPixels) {
            throw new InpaintException(InpaintException.Kind.TOO_LARGE, field, field + " is " + header.width() + "x"
                    + header.height() + " = " + header.pixels() + " pixels, above the limit of " + maxPixels + " pixels");
        }
        return header;
    }

    /**
     * Decodes an encoded image.
     *
     * @param field the input's name in error messages
     */
    public DecodedImage decode(byte[] bytes, String field) {
        ImageHeader header = checkHeader(bytes, field);
        if (header.format() == ImageFormat.JPEG && !hasJpegEnd(bytes)) {
            throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field,
                    field + " is a truncated JPEG (no end-of-image marker after " + bytes.length + " bytes)");
        }
        try (PointerScope scope = new PointerScope()) {
            Mat buffer = new Mat(1, bytes.length, CV_8UC1);
            buffer.data().put(bytes, 0, bytes.length);
            Mat decoded = opencv_imgcodecs.imdecode(buffer, opencv_imgcodecs.IMREAD_UNCHANGED);
            if (decoded == null || decoded.empty()) {
                throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field,
                        field + " could not be decoded: corrupt or truncated " + header.format() + " data");
            }
            if (decoded.cols() != header.width() || decoded.rows() != header.height()) {
                throw new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field,
                        field + " decoded to " + decoded.cols() + "x" + decoded.rows() + " but its header says "
                                + header.width() + "x" + header.height());
            }
            Mat eight = to8Bit(decoded);
            return switch (eight.channels()) {
                case 1 -> {
                    Mat bgr = new Mat();
                    opencv_imgproc.cvtColor(eight, bgr, opencv_imgproc.COLOR_GRAY2BGR);
                    yield new DecodedImage(OpenCvImages.fromBgrMat(bgr), null, header.format());
                }
                case 3 -> new DecodedImage(OpenCvImages.fromBgrMat(eight), null, header.format());
                case 4 -> {
                    MatVector planes = new MatVector();
                    opencv_core.split(eight, planes);
                    byte[] alpha = OpenCvImages.bytes(planes.get(3));
                    Mat bgr = new Mat();
                    opencv_imgproc.cvtColor(eight, bgr, opencv_imgproc.COLOR_BGRA2BGR);
                    yield new DecodedImage(OpenCvImages.fromBgrMat(bgr), alpha, header.format());
                }
                default -> throw new InpaintException(InpaintException.Kind.UNSUPPORTED_FORMAT, field,
                        field + " has " + eight.channels() + " channels; expected 1, 3 or 4");
            };
        }
    }

    private static Mat to8Bit(Mat m) {
        int depth = m.depth();
        if (depth == CV_8U) {
            return m;
        }
        Mat out = new Mat();
        double scale = depth == CV_16U ? 1.0 / 257.0 : (depth == opencv_core.CV_32F || depth == opencv_core.CV_64F ? 255.0 : 1.0);
        m.convertTo(out, CV_8U, scale, 0);
        return out;
    }

    private static boolean hasJpegEnd(byte[] b) {
        // Encoders may append padding or trailers after EOI; look for it near the end.
        for (int i = b.length - 2; i >= Math.max(2, b.length - 4096); i--) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /** Encodes RGB pixels; JPEG at quality 92, WebP at 90, PNG at compression 3. */
    public byte[] encode(RgbImage image, ImageFormat format) {
        try (PointerScope scope = new PointerScope()) {
            return imencode(OpenCvImages.toBgrMat(image), format);
        }
    }

    /** Encodes one 8-bit gray plane (for masks: 255 = hole). */
    public byte[] encodeGray(int width, int height, byte[] gray, ImageFormat format) {
        try (PointerScope scope = new PointerScope()) {
            Mat m = new Mat(height, width, CV_8UC1);
            m.data().put(gray, 0, gray.length);
            return imencode(m, format);
        }
    }

    private static byte[] imencode(Mat mat, ImageFormat format) {
        int[] params = switch (format) {
            case JPEG -> new int[] {opencv_imgcodecs.IMWRITE_JPEG_QUALITY, 92};
            case WEBP -> new int[] {opencv_imgcodecs.IMWRITE_WEBP_QUALITY, 90};
            case PNG -> new int[] {opencv_imgcodecs.IMWRITE_PNG_COMPRESSION, 3};
            default -> new int[0];
        };
        BytePointer out = new BytePointer();
        if (!opencv_imgcodecs.imencode("." + format.extension(), mat, out, new IntPointer(params))) {
            throw new InpaintException(InpaintException.Kind.INTERNAL, "format", "OpenCV could not encode " + format);
        }
        byte[] bytes = new byte[(int) out.limit()];
        out.get(bytes);
        return bytes;
    }

    public DecodedImage read(Path path, String field) {
        return decode(readBytes(path, field), field);
    }

    public static byte[] readBytes(Path path, String field) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, "cannot read " + field + " file " + path
                    + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    public static String readString(Path path, String field) {
        return new String(readBytes(path, field), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes in the format of the file's extension (PNG when it has none that is known). */
    public void write(Path path, RgbImage image) {
        ImageFormat format = ImageFormat.ofFileName(path.getFileName().toString());
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(path, encode(image, format == null ? ImageFormat.PNG : format));
        } catch (IOException e) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, "output", "cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
