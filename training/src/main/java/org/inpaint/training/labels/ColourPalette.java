package org.inpaint.training.labels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.inpaint.core.image.RgbImage;

/**
 * SWAP's segmentation labels without human annotation (see docs/training-substitutes.md): one global palette of K
 * colours in CIELAB, fitted by k-means on pixels sampled from the training images, so that class c means the same
 * colour family in every image. An image is labelled by giving each pixel its nearest palette colour, then
 * smoothing (a majority vote in a square window) so that texture speckle does not become a class boundary.
 *
 * <p>Classes are numbered by ascending lightness of their centre, so refitting on similar data gives similar
 * numbers. The palette is saved as a small JSON file ({@code {"space": "CIELAB-D65", "centres": [[L, a, b], ...]}}).
 */
public final class ColourPalette {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SPACE = "CIELAB-D65";

    private final double[][] centres;

    public ColourPalette(double[][] centres) {
        if (centres.length < 2) {
            throw new IllegalArgumentException("a palette needs at least 2 colours, got " + centres.length);
        }
        this.centres = new double[centres.length][];
        for (int i = 0; i < centres.length; i++) {
            if (centres[i].length != 3) {
                throw new IllegalArgumentException("centre " + i + " is not an (L, a, b) triple");
            }
            this.centres[i] = centres[i].clone();
        }
    }

    public int classes() {
        return centres.length;
    }

    /** The centres, (L, a, b) each, a copy. */
    public double[][] centres() {
        double[][] c = new double[centres.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = centres[i].clone();
        }
        return c;
    }

    /**
     * Fits a palette: k-means (k-means++ seeding, Lloyd iterations until no assignment changes or {@code iterations}
     * pass) on up to {@code samplesPerImage} pixels drawn from each image.
     */
    public static ColourPalette fit(List<RgbImage> images, int k, int samplesPerImage, int iterations, long seed) {
        if (k < 2 || images.isEmpty()) {
            throw new IllegalArgumentException("need k >= 2 and at least one image");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> samples = new ArrayList<>();
        for (RgbImage img : images) {
            int pixels = img.width() * img.height();
            int take = Math.min(samplesPerImage, pixels);
            for (int i = 0; i < take; i++) {
                int p = take == pixels ? i : random.nextInt(pixels);
                samples.add(lab(img, p % img.width(), p / img.width()));
            }
        }
        double[][] x = samples.toArray(new double[0][]);
        double[][] c = seedCentres(x, k, random);
        int[] assign = new int[x.length];
        Arrays.fill(assign, -1);
        for (int it = 0; it < iterations; it++) {
            boolean changed = false;
            for (int i = 0; i < x.length; i++) {
                int a = nearest(c, x[i]);
                changed |= a != assign[i];
                assign[i] = a;
            }
            if (!changed) {
                break;
            }
            double[][] sum = new double[k][3];
            int[] count = new int[k];
            for (int i = 0; i < x.length; i++) {
                count[assign[i]]++;
                for (int d = 0; d < 3; d++) {
                    sum[assign[i]][d] += x[i][d];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] > 0) {   // an emptied cluster keeps its centre
                    for (int d = 0; d < 3; d++) {
                        c[j][d] = sum[j][d] / count[j];
                    }
                }
            }
        }
        Arrays.sort(c, Comparator.<double[]>comparingDouble(v -> v[0]).thenComparingDouble(v -> v[1])
                .thenComparingDouble(v -> v[2]));
        return new ColourPalette(c);
    }

    /** k-means++: each next centre drawn with probability proportional to the squared distance to the nearest. */
    private static double[][] seedCentres(double[][] x, int k, SplittableRandom random) {
        double[][] c = new double[k][];
        c[0] = x[random.nextInt(x.length)].clone();
        double[] d2 = new double[x.length];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                d2[i] = Math.min(d2[i], dist2(x[i], c[j - 1]));
                total += d2[i];
            }
            if (total == 0) {   // fewer distinct colours than classes: duplicate a centre
                c[j] = c[j - 1].clone();
                continue;
            }
            double u = random.nextDouble() * total;
            int pick = x.length - 1;
            for (int i = 0; i < x.length; i++) {
                u -= d2[i];
                if (u <= 0) {
                    pick = i;
                    break;
                }
            }
            c[j] = x[pick].clone();
        }
        return c;
    }

    /** Each pixel's nearest palette colour, row-major. */
    public int[] nearestLabels(RgbImage image) {
        int w = image.width(), h = image.height();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = nearest(centres, lab(image, x, y));
            }
        }
        return out;
    }

    /**
     * The smoothed class map: nearest-colour labels, then for each pixel the share of each class in the
     * (2r+1)×(2r+1) window around it (clipped at the border) as its probabilities, and the most frequent class
     * (lowest index on ties) as its label.
     */
    public ClassMap label(RgbImage image, int radius) {
        int w = image.width(), h = image.height(), k = centres.length;
        int[] nearest = nearestLabels(image);
        float[] share = new float[k * w * h];
        // separable box sums of the one-hot maps: rows, then columns
        float[] rowSum = new float[k * w * h];
        for (int c = 0; c < k; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = 0;
                    for (int xx = Math.max(0, x - radius); xx <= Math.min(w - 1, x + radius); xx++) {
                        s += nearest[y * w + xx] == c ? 1 : 0;
                    }
                    rowSum[(c * h + y) * w + x] = s;
                }
            }
        }
        for (int c = 0; c < k; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int yy = Math.max(0, y - radius); yy <= Math.min(h - 1, y + radius); yy++) {
                        s += rowSum[(c * h + yy) * w + x];
                    }
                    share[(c * h + y) * w + x] = s;
                }
            }
        }
        int[] labels = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                float area = (Math.min(w - 1, x + radius) - Math.max(0, x - radius) + 1)
                        * (Math.min(h - 1, y + radius) - Math.max(0, y - radius) + 1);
                int best = 0;
                for (int c = 0; c < k; c++) {
                    share[c * w * h + p] /= area;
                    if (share[c * w * h + p] > share[best * w * h + p]) {
                        best = c;
                    }
                }
                labels[p] = best;
            }
        }
        return new ClassMap(w, h, k, labels, share);
    }

    public void save(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("space", SPACE);
        ArrayNode list = root.putArray("centres");
        for (double[] c : centres) {
            ArrayNode row = list.addArray();
            for (double v : c) {
                row.add(v);
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ColourPalette load(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (!SPACE.equals(root.path("space").asText())) {
            throw new IOException(file + ": not a " + SPACE + " palette");
        }
        JsonNode list = root.path("centres");
        double[][] c = new double[list.size()][3];
        for (int i = 0; i < c.length; i++) {
            for (int d = 0; d < 3; d++) {
                c[i][d] = list.get(i).get(d).asDouble();
            }
        }
        return new ColourPalette(c);
    }

    private static int nearest(double[][] centres, double[] v) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < centres.length; j++) {
            double d = dist2(centres[j], v);
            if (d < bestD) {
                bestD = d;
                best = j;
            }
        }
        return best;
    }

    private static double dist2(double[] a, double[] b) {
        double dl = a[0] - b[0], da = a[1] - b[1], db = a[2] - b[2];
        return dl * dl + da * da + db * db;
    }

    private static double[] lab(RgbImage image, int x, int y) {
        return srgbToLab(image.get(x, y, 0), image.get(x, y, 1), image.get(x, y, 2));
    }

    /** 8-bit sRGB to CIELAB under D65. */
    public static double[] srgbToLab(int r8, int g8, int b8) {
        double r = linear(r8), g = linear(g8), b = linear(b8);
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(int c8) {
        double c = c8 / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        double d = 6.0 / 29;
        return t > d * d * d ? Math.cbrt(t) : t / (3 * d * d) + 4.0 / 29;
    }
}
