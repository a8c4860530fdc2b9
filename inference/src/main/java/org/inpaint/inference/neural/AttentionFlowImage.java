package org.inpaint.inference.neural;

import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Renders a network's "attention_flow" output (DeepFill, CSA) as in the paper's Fig. 4: the standard optical-flow colour wheel
 * (Middlebury coding), hue = direction of the offset to the attended background patch, saturation = its length
 * relative to the largest in the image; white = attends on itself, and known pixels are white. Upsampled to the
 * image size by nearest neighbour.
 */
public final class AttentionFlowImage {

    private static final int[][] WHEEL = wheel();

    private AttentionFlowImage() {
    }

    /**
     * @param flow  one image's flow: the dy plane then the dx plane, each {@code rows × cols} (offsets in cells of the
     *              attention grid)
     * @param holes the hole mask at image resolution; its size is the output size
     */
    public static RgbImage render(float[] flow, int rows, int cols, Mask holes) {
        return render(flow, 0, rows, cols, holes, 0);
    }

    /**
     * @param offset       where this image's flow starts in {@code flow} (image index × 2 × rows × cols for a batch)
     * @param maxMagnitude the offset length shown fully saturated; 0 = the largest length among hole pixels, as the
     *                     paper scales each image to show its most interesting range
     */
    public static RgbImage render(float[] flow, int offset, int rows, int cols, Mask holes, double maxMagnitude) {
        int plane = rows * cols;
        if (flow.length < offset + 2 * plane) {
            throw new IllegalArgumentException("flow has " + flow.length + " values, need " + (offset + 2 * plane));
        }
        int width = holes.width(), height = holes.height();
        double scale = maxMagnitude;
        if (scale <= 0) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (holes.isHole(x, y)) {
                        int p = cell(y, x, rows, cols, height, width);
                        scale = Math.max(scale, Math.hypot(flow[offset + p], flow[offset + plane + p]));
                    }
                }
            }
        }
        byte[] rgb = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] c = {255, 255, 255};
                if (holes.isHole(x, y) && scale > 0) {
                    int p = cell(y, x, rows, cols, height, width);
                    c = colour(flow[offset + plane + p] / scale, flow[offset + p] / scale);
                }
                int i = 3 * (y * width + x);
                rgb[i] = (byte) c[0];
                rgb[i + 1] = (byte) c[1];
                rgb[i + 2] = (byte) c[2];
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static int cell(int y, int x, int rows, int cols, int height, int width) {
        int r = Math.min(rows - 1, (int) ((long) y * rows / height));
        int c = Math.min(cols - 1, (int) ((long) x * cols / width));
        return r * cols + c;
    }

    /**
     * Colour of a flow vector (u = dx, v = dy, image coordinates with y down) of length at most 1 for full
     * saturation; longer vectors are darkened.
     */
    static int[] colour(double u, double v) {
        double rad = Math.hypot(u, v);
        double a = Math.atan2(-v, -u) / Math.PI;
        double fk = (a + 1) / 2 * (WHEEL.length - 1);
        int k0 = (int) Math.floor(fk);
        int k1 = (k0 + 1) % WHEEL.length;
        double f = fk - k0;
        int[] out = new int[3];
        for (int ch = 0; ch < 3; ch++) {
            double col = ((1 - f) * WHEEL[k0][ch] + f * WHEEL[k1][ch]) / 255.0;
            col = rad <= 1 ? 1 - rad * (1 - col) : col * 0.75;
            out[ch] = (int) Math.round(255 * col);
        }
        return out;
    }

    /** The Middlebury wheel: red-yellow 15, yellow-green 6, green-cyan 4, cyan-blue 11, blue-magenta 13, magenta-red 6. */
    private static int[][] wheel() {
        int[] counts = {15, 6, 4, 11, 13, 6};
        int[][] w = new int[55][];
        int k = 0;
        for (int seg = 0; seg < 6; seg++) {
            int n = counts[seg];
            for (int i = 0; i < n; i++) {
                int up = (int) Math.floor(255.0 * i / n);
                int down = 255 - up;
                w[k++] = switch (seg) {
                    case 0 -> new int[] {255, up, 0};
                    case 1 -> new int[] {down, 255, 0};
                    case 2 -> new int[] {0, 255, up};
                    case 3 -> new int[] {0, down, 255};
                    case 4 -> new int[] {up, 0, 255};
                    default -> new int[] {255, 0, down};
                };
            }
        }
        return w;
    }
}
