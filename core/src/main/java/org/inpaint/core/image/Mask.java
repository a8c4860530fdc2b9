package org.inpaint.core.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A binary mask: 1 marks a hole (pixels to fill), 0 a known pixel. Row-major, one byte per pixel.
 * The convention holds at every API of the project; libraries that disagree are converted at their edge.
 */
public final class Mask {

    private final int width;
    private final int height;
    private final byte[] bits;

    public Mask(int width, int height, byte[] bits) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        if (bits.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " mask bytes, got " + bits.length);
        }
        for (byte b : bits) {
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("mask bytes must be 0 or 1, got " + b);
            }
        }
        this.width = width;
        this.height = height;
        this.bits = bits;
    }

    private Mask(int width, int height, byte[] bits, boolean trusted) {
        this.width = width;
        this.height = height;
        this.bits = bits;
    }

    public static Mask empty(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        return new Mask(width, height, new byte[width * height], true);
    }

    /** Holes where {@code values[i] > threshold}: white (255) = hole. */
    public static Mask threshold(int width, int height, byte[] gray, int threshold) {
        byte[] out = new byte[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((gray[i] & 0xFF) > threshold ? 1 : 0);
        }
        return new Mask(width, height, out, true);
    }

    /** Rectangles (clipped to the image) as holes. */
    public static Mask ofBoxes(int width, int height, List<Rect> boxes) {
        Mask m = empty(width, height);
        Rect frame = new Rect(0, 0, width, height);
        for (Rect b : boxes) {
            Rect r = b.intersection(frame);
            if (r.isEmpty()) {
                continue;
            }
            for (int y = r.y(); y < r.bottom(); y++) {
                Arrays.fill(m.bits, y * width + r.x(), y * width + r.right(), (byte) 1);
            }
        }
        return m;
    }

    /**
     * Polygons as holes, each a list of (x, y) vertices, filled with the even-odd rule at pixel centres
     * (clipped to the image).
     */
    public static Mask ofPolygons(int width, int height, List<double[][]> polygons) {
        Mask m = empty(width, height);
        double[] xs = new double[64];
        for (double[][] poly : polygons) {
            int n = poly.length;
            if (n < 3) {
                throw new IllegalArgumentException("a polygon needs at least 3 points, got " + n);
            }
            if (xs.length < n) {
                xs = new double[n];
            }
            for (int y = 0; y < height; y++) {
                double cy = y + 0.5;
                int count = 0;
                for (int i = 0, j = n - 1; i < n; j = i++) {
                    double yi = poly[i][1];
                    double yj = poly[j][1];
                    if ((yi <= cy) != (yj <= cy)) {
                        xs[count++] = poly[i][0] + (cy - yi) / (yj - yi) * (poly[j][0] - poly[i][0]);
                    }
                }
                Arrays.sort(xs, 0, count);
                for (int k = 0; k + 1 < count; k += 2) {
                    int x0 = Math.max(0, (int) Math.ceil(xs[k] - 0.5));
                    int x1 = Math.min(width - 1, (int) Math.floor(xs[k + 1] - 0.5));
                    for (int x = x0; x <= x1; x++) {
                        m.bits[y * width + x] = 1;
                    }
                }
            }
        }
        return m;
    }

    /**
     * @throws org.inpaint.core.InpaintException BAD_INPUT naming {@code field} when this mask is not width × height,
     *     the size of the image it belongs to
     */
    public Mask requireSize(int width, int height, String field) {
        if (this.width != width || this.height != height) {
            throw org.inpaint.core.InpaintException.badInput(field, field + " is " + this.width + "x" + this.height
                    + " but the image is " + width + "x" + height + "; they must be the same size");
        }
        return this;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** One byte per pixel, 1 = hole (shared, not a copy). */
    public byte[] data() {
        return bits;
    }

    public boolean isHole(int x, int y) {
        return bits[y * width + x] != 0;
    }

    public void set(int x, int y, boolean hole) {
        bits[y * width + x] = (byte) (hole ? 1 : 0);
    }

    public long holeCount() {
        long n = 0;
        for (byte b : bits) {
            n += b;
        }
        return n;
    }

    public double holeRatio() {
        return holeCount() / (double) (width * height);
    }

    public boolean isEmpty() {
        for (byte b : bits) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public boolean isFull() {
        for (byte b : bits) {
            if (b == 0) {
                return false;
            }
        }
        return true;
    }

    public Mask copy() {
        return new Mask(width, height, bits.clone(), true);
    }

    public Mask union(Mask o) {
        requireSameSize(o);
        byte[] out = new byte[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bits[i] | o.bits[i]);
        }
        return new Mask(width, height, out, true);
    }

    public Mask crop(Rect r) {
        if (r.x() < 0 || r.y() < 0 || r.right() > width || r.bottom() > height || r.isEmpty()) {
            throw new IllegalArgumentException("rect " + r + " is not inside " + width + "x" + height);
        }
        byte[] out = new byte[r.width() * r.height()];
        for (int y = 0; y < r.height(); y++) {
            System.arraycopy(bits, (r.y() + y) * width + r.x(), out, y * r.width(), r.width());
        }
        return new Mask(r.width(), r.height(), out, true);
    }

    /** Grows the holes by {@code radius} pixels (a square structuring element, separable). */
    public Mask dilate(int radius) {
        if (radius <= 0) {
            return copy();
        }
        byte[] tmp = new byte[bits.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int last = -radius - 1;
            for (int x = 0; x < width; x++) {
                if (bits[row + x] != 0) {
                    last = x;
                }
                if (x - last <= radius) {
                    tmp[row + x] = 1;
                }
            }
            last = width + radius + 1;
            for (int x = width - 1; x >= 0; x--) {
                if (bits[row + x] != 0) {
                    last = x;
                }
                if (last - x <= radius) {
                    tmp[row + x] = 1;
                }
            }
        }
        byte[] out = new byte[bits.length];
        for (int x = 0; x < width; x++) {
            int last = -radius - 1;
            for (int y = 0; y < height; y++) {
                if (tmp[y * width + x] != 0) {
                    last = y;
                }
                if (y - last <= radius) {
                    out[y * width + x] = 1;
                }
            }
            last = height + radius + 1;
            for (int y = height - 1; y >= 0; y--) {
                if (tmp[y * width + x] != 0) {
                    last = y;
                }
                if (last - y <= radius) {
                    out[y * width + x] = 1;
                }
            }
        }
        return new Mask(width, height, out, true);
    }

    /** The smallest rectangle holding every hole pixel, or an empty rect when there is none. */
    public Rect holeBounds() {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (bits[y * width + x] != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Bounding boxes of the 8-connected hole components. */
    public List<Rect> componentBounds() {
        int[] labels = new int[bits.length];
        int[] stack = new int[bits.length];
        List<Rect> out = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < bits.length; start++) {
            if (bits[start] == 0 || labels[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            labels[start] = next;
            int minX = width, minY = height, maxX = -1, maxY = -1;
            while (top > 0) {
                int p = stack[--top];
                int px = p % width;
                int py = p / width;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= width) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (bits[q] != 0 && labels[q] == 0) {
                            labels[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            out.add(new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1));
        }
        return out;
    }

    /** The mask as 8-bit gray, 255 = hole, for encoding to an image file. */
    public byte[] toGray() {
        byte[] out = new byte[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bits[i] != 0 ? 255 : 0);
        }
        return out;
    }

    public void requireSameSize(Mask o) {
        if (o.width != width || o.height != height) {
            throw new IllegalArgumentException("mask sizes differ: " + width + "x" + height + " vs " + o.width + "x" + o.height);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask other && width == other.width && height == other.height
                && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + ", holes=" + holeCount() + "]";
    }
}
