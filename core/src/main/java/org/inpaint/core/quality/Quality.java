package org.inpaint.core.quality;

import java.util.function.IntToDoubleFunction;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.Distance;

/**
 * The image-quality measures the inpainting papers report, on 8-bit RGB images, over the whole image or over
 * the hole only (pass a mask; null = whole image):
 * <ul>
 *   <li>mean L1 and mean L2 error in % of the pixel range: mean |a-b|/255 and mean ((a-b)/255)², times 100
 *       (Yu et al. 2018, Table 1);</li>
 *   <li>PSNR in dB, 10·log10(255² / MSE), capped at 100 dB for identical inputs;</li>
 *   <li>SSIM (Wang et al. 2004): Gaussian window 11×11, σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, per channel then
 *       averaged; the SSIM map is computed with replicated borders and averaged over the region;</li>
 *   <li>total variation of one image in %: mean over the region of (|∂x| + |∂y|)/255 × 100 (forward
 *       differences, 0 past the border).</li>
 * </ul>
 */
public final class Quality {

    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);
    private static final double[] GAUSS = gaussian(11, 1.5);

    private Quality() {
    }

    /** All five measures of {@code output} against {@code truth} over the region (null = whole image). */
    public static QualityReport measure(RgbImage truth, RgbImage output, Mask region) {
        return new QualityReport(l1Percent(truth, output, region), l2Percent(truth, output, region),
                psnr(truth, output, region), ssim(truth, output, region), totalVariationPercent(output, region));
    }

    public static double l1Percent(RgbImage a, RgbImage b, Mask region) {
        return 100.0 * meanChannelError(a, b, region, Math::abs) / 255.0;
    }

    /** The hole's rim: pixels at most this far (Chebyshev) from a known pixel. */
    public static final int RIM_PX = 2;
    /** The band the rim is compared with: hole pixels beyond the rim and at most this far from a known pixel. */
    public static final int INNER_PX = 6;

    /**
     * How much rougher the fill's error is along the hole's rim than just inside it, in grey levels of luma (BT.601
     * weights): the mean of |∇²(luma(output) − luma(truth))| (the 4-neighbour Laplacian) over the hole pixels within
     * {@link #RIM_PX} of a known pixel, less the same mean over the hole pixels from there to {@link #INNER_PX}. A
     * seam traced along the hole's edge (a line a pixel or two inside it, or a step to the known pixels) raises it
     * where it costs almost nothing in PSNR; read it against a smooth classical fill's on the same holes. Pixels on
     * the image's border are left out; NaN when the hole has no rim or no band inside it.
     */
    public static double rimRoughness(RgbImage truth, RgbImage output, Mask hole) {
        check(truth, output, hole);
        int w = hole.width(), h = hole.height();
        int[] distance = Distance.toKnown(hole.data(), w, h);
        double[] lt = luma(truth), lo = luma(output);
        double rim = 0, inner = 0;
        long nRim = 0, nInner = 0;
        for (int i = 0; i < distance.length; i++) {
            int x = i % w, y = i / w;
            if (distance[i] == 0 || distance[i] > INNER_PX || x == 0 || y == 0 || x == w - 1 || y == h - 1) {
                continue;
            }
            double e = lo[i] - lt[i];
            double roughness = Math.abs(4 * e - (lo[i - 1] - lt[i - 1]) - (lo[i + 1] - lt[i + 1]) - (lo[i - w] - lt[i - w])
                    - (lo[i + w] - lt[i + w]));
            if (distance[i] <= RIM_PX) {
                rim += roughness;
                nRim++;
            } else {
                inner += roughness;
                nInner++;
            }
        }
        return nRim == 0 || nInner == 0 ? Double.NaN : rim / nRim - inner / nInner;
    }

    /** The image's luma per pixel, 0.299 R + 0.587 G + 0.114 B (BT.601), on 0–255. */
    public static double[] luma(RgbImage image) {
        byte[] p = image.data();
        double[] l = new double[image.width() * image.height()];
        for (int i = 0; i < l.length; i++) {
            l[i] = 0.299 * (p[3 * i] & 0xFF) + 0.587 * (p[3 * i + 1] & 0xFF) + 0.114 * (p[3 * i + 2] & 0xFF);
        }
        return l;
    }

    public static double l2Percent(RgbImage a, RgbImage b, Mask region) {
        return 100.0 * mse(a, b, region) / (255.0 * 255.0);
    }

    public static double psnr(RgbImage a, RgbImage b, Mask region) {
        double mse = mse(a, b, region);
        if (mse == 0) {
            return 100.0;
        }
        return Math.min(100.0, 10 * Math.log10(255.0 * 255.0 / mse));
    }

    static double mse(RgbImage a, RgbImage b, Mask region) {
        return meanChannelError(a, b, region, d -> d * d);
    }

    /** The mean of {@code cost} of each channel's difference (0–255 levels) over the region; 0 for an empty one. */
    private static double meanChannelError(RgbImage a, RgbImage b, Mask region, IntToDoubleFunction cost) {
        check(a, b, region);
        byte[] x = a.data(), y = b.data();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.width() * a.height(); i++) {
            if (region != null && region.data()[i] == 0) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                sum += cost.applyAsDouble((x[3 * i + c] & 0xFF) - (y[3 * i + c] & 0xFF));
            }
            n += 3;
        }
        return n == 0 ? 0 : sum / n;
    }

    public static double ssim(RgbImage a, RgbImage b, Mask region) {
        check(a, b, region);
        int w = a.width(), h = a.height(), n = w * h;
        double total = 0;
        long count = 0;
        double[] map = new double[n];
        for (int c = 0; c < 3; c++) {
            double[] x = channel(a, c), y = channel(b, c);
            double[] mx = blur(x, w, h), my = blur(y, w, h);
            double[] xx = new double[n], yy = new double[n], xy = new double[n];
            for (int i = 0; i < n; i++) {
                xx[i] = x[i] * x[i];
                yy[i] = y[i] * y[i];
                xy[i] = x[i] * y[i];
            }
            double[] sxx = blur(xx, w, h), syy = blur(yy, w, h), sxy = blur(xy, w, h);
            for (int i = 0; i < n; i++) {
                double vx = sxx[i] - mx[i] * mx[i];
                double vy = syy[i] - my[i] * my[i];
                double cov = sxy[i] - mx[i] * my[i];
                map[i] = ((2 * mx[i] * my[i] + C1) * (2 * cov + C2))
                        / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
            }
            for (int i = 0; i < n; i++) {
                if (region == null || region.data()[i] != 0) {
                    total += map[i];
                    count++;
                }
            }
        }
        return count == 0 ? 1.0 : total / count;
    }

    public static double totalVariationPercent(RgbImage image, Mask region) {
        if (region != null && !image.sameSize(region)) {
            throw new IllegalArgumentException("region and image differ in size");
        }
        int w = image.width(), h = image.height();
        byte[] p = image.data();
        double sum = 0;
        long n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (region != null && region.data()[i] == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    int v = p[3 * i + c] & 0xFF;
                    if (x + 1 < w) {
                        sum += Math.abs((p[3 * (i + 1) + c] & 0xFF) - v);
                    }
                    if (y + 1 < h) {
                        sum += Math.abs((p[3 * (i + w) + c] & 0xFF) - v);
                    }
                }
                n += 3;
            }
        }
        return n == 0 ? 0 : 100.0 * sum / (255.0 * n);
    }

    private static void check(RgbImage a, RgbImage b, Mask region) {
        if (!a.sameSize(b)) {
            throw new IllegalArgumentException("images differ in size: " + a + " vs " + b);
        }
        if (region != null && !a.sameSize(region)) {
            throw new IllegalArgumentException("region " + region + " does not match " + a);
        }
    }

    private static double[] channel(RgbImage img, int c) {
        byte[] p = img.data();
        double[] out = new double[img.width() * img.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p[3 * i + c] & 0xFF;
        }
        return out;
    }

    private static double[] gaussian(int size, double sigma) {
        double[] k = new double[size];
        double sum = 0;
        int r = size / 2;
        for (int i = 0; i < size; i++) {
            k[i] = Math.exp(-((i - r) * (i - r)) / (2 * sigma * sigma));
            sum += k[i];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable Gaussian filter with replicated borders. */
    private static double[] blur(double[] src, int w, int h) {
        int r = GAUSS.length / 2;
        double[] tmp = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = Math.min(w - 1, Math.max(0, x + k));
                    s += GAUSS[k + r] * src[y * w + xx];
                }
                tmp[y * w + x] = s;
            }
        }
        double[] out = new double[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = Math.min(h - 1, Math.max(0, y + k));
                    s += GAUSS[k + r] * tmp[yy * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }
}
