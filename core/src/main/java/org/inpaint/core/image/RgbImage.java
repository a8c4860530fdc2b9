package org.inpaint.core.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit RGB image held on the Java heap, interleaved row-major (r, g, b per pixel).
 * It is the core's common currency: codecs produce it, engines consume and return it, metrics compare it.
 * The pixel array is shared, not copied, so treat an image you did not create as read-only.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] rgb;

    public RgbImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != width * height * 3) {
            throw new IllegalArgumentException("expected " + width * height * 3 + " bytes for " + width + "x" + height
                    + " RGB, got " + rgb.length);
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long pixelCount() {
        return (long) width * height;
    }

    /** The interleaved RGB bytes (shared, not a copy). */
    public byte[] data() {
        return rgb;
    }

    /** Channel c (0 = r, 1 = g, 2 = b) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    public void set(int x, int y, int c, int value) {
        rgb[(y * width + x) * 3 + c] = (byte) value;
    }

    public RgbImage copy() {
        return new RgbImage(width, height, rgb.clone());
    }

    public RgbImage crop(Rect r) {
        checkInside(r);
        byte[] out = new byte[r.width() * r.height() * 3];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(rgb, ((r.y() + y) * width + r.x()) * 3, out, y * r.width() * 3, r.width() * 3);
        }
        return new RgbImage(r.width(), r.height(), out);
    }

    private void checkInside(Rect r) {
        if (r.x() < 0 || r.y() < 0 || r.right() > width || r.bottom() > height || r.isEmpty()) {
            throw new IllegalArgumentException("rect " + r + " is not inside " + width + "x" + height);
        }
    }

    public boolean sameSize(RgbImage o) {
        return width == o.width && height == o.height;
    }

    public boolean sameSize(Mask m) {
        return width == m.width() && height == m.height();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && width == other.width && height == other.height
                && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
