package org.inpaint.core.quality;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Scores a video's object removal frame by frame against the clean truth: PSNR (pooled over all frames' pixels)
 * and SSIM (mean over scored frames) inside the object region and outside it, the holes' precision, recall and IoU
 * against the object region (pooled pixel counts), and flicker: inside the pixels that are holes in two
 * consecutive frames, the mean absolute frame-to-frame change of the output minus that of the truth (0 is as steady
 * as the truth; positive is shimmer).
 */
public final class VideoScore {

    /** One frame's figures (NaN where a region is empty). */
    public record FrameRow(long frame, double psnrInside, double psnrOutside, double ssimInside, double precision,
                           double recall, double iou, double flicker) {
    }

    /** The clip's figures. */
    public record Summary(long frames, double psnrInside, double psnrOutside, double ssimInside, double ssimOutside,
                          double precision, double recall, double iou, double flicker) {
    }

    private final int ssimEvery;
    private final List<FrameRow> rows = new ArrayList<>();
    private double sseInside;
    private long valuesInside;
    private double sseOutside;
    private long valuesOutside;
    private double ssimInsideSum;
    private double ssimOutsideSum;
    private long ssimFrames;
    private long truePositive;
    private long falsePositive;
    private long falseNegative;
    private double flickerSum;
    private long flickerPixels;
    private RgbImage previousOutput;
    private RgbImage previousTruth;
    private Mask previousHoles;

    /** @param ssimEvery SSIM is measured on every n-th frame (it costs more than everything else together) */
    public VideoScore(int ssimEvery) {
        this.ssimEvery = Math.max(1, ssimEvery);
    }

    /**
     * @param object the pixels where objects are (the truth's masks, or where input and truth differ)
     * @param holes  the holes the remover used
     */
    public synchronized FrameRow add(long frame, RgbImage output, RgbImage truth, Mask object, Mask holes) {
        byte[] o = output.data();
        byte[] t = truth.data();
        byte[] obj = object.data();
        byte[] h = holes.data();
        double sseIn = 0, sseOut = 0;
        long nIn = 0, nOut = 0, tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < obj.length; i++) {
            double e = 0;
            for (int c = 0; c < 3; c++) {
                double d = (o[3 * i + c] & 0xFF) - (t[3 * i + c] & 0xFF);
                e += d * d;
            }
            boolean in = obj[i] != 0;
            boolean hole = h[i] != 0;
            if (in) {
                sseIn += e;
                nIn += 3;
            } else {
                sseOut += e;
                nOut += 3;
            }
            if (hole && in) {
                tp++;
            } else if (hole) {
                fp++;
            } else if (in) {
                fn++;
            }
        }
        sseInside += sseIn;
        valuesInside += nIn;
        sseOutside += sseOut;
        valuesOutside += nOut;
        truePositive += tp;
        falsePositive += fp;
        falseNegative += fn;
        double ssimIn = Double.NaN;
        if (frame % ssimEvery == 0) {
            ssimIn = nIn == 0 ? Double.NaN : Quality.ssim(truth, output, object);
            Mask outside = invert(object);
            double ssimOut = Quality.ssim(truth, output, outside);
            if (!Double.isNaN(ssimIn) && !Double.isNaN(ssimOut)) {
                ssimInsideSum += ssimIn;
                ssimOutsideSum += ssimOut;
                ssimFrames++;
            }
        }
        double flicker = Double.NaN;
        if (previousOutput != null && previousOutput.sameSize(output)) {
            byte[] po = previousOutput.data();
            byte[] pt = previousTruth.data();
            byte[] ph = previousHoles.data();
            double sum = 0;
            long n = 0;
            for (int i = 0; i < h.length; i++) {
                if (h[i] == 0 || ph[i] == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    int k = 3 * i + c;
                    sum += Math.abs((o[k] & 0xFF) - (po[k] & 0xFF)) - Math.abs((t[k] & 0xFF) - (pt[k] & 0xFF));
                }
                n += 3;
            }
            if (n > 0) {
                flicker = sum / n;
                flickerSum += sum;
                flickerPixels += n;
            }
        }
        previousOutput = output;
        previousTruth = truth;
        previousHoles = holes;
        FrameRow row = new FrameRow(frame, psnr(sseIn, nIn), psnr(sseOut, nOut), ssimIn, ratio(tp, tp + fp),
                ratio(tp, tp + fn), ratio(tp, tp + fp + fn), flicker);
        rows.add(row);
        return row;
    }

    public synchronized List<FrameRow> rows() {
        return List.copyOf(rows);
    }

    public synchronized Summary summary() {
        return new Summary(rows.size(), psnr(sseInside, valuesInside), psnr(sseOutside, valuesOutside),
                ssimFrames == 0 ? Double.NaN : ssimInsideSum / ssimFrames, ssimFrames == 0 ? Double.NaN : ssimOutsideSum / ssimFrames,
                ratio(truePositive, truePositive + falsePositive), ratio(truePositive, truePositive + falseNegative),
                ratio(truePositive, truePositive + falsePositive + falseNegative),
                flickerPixels == 0 ? Double.NaN : flickerSum / flickerPixels);
    }

    /** The pixels where two frames differ by more than {@code threshold} in any channel, grown by {@code grow}. */
    public static Mask differs(RgbImage a, RgbImage b, int threshold, int grow) {
        byte[] out = new byte[a.width() * a.height()];
        byte[] x = a.data();
        byte[] y = b.data();
        for (int i = 0; i < out.length; i++) {
            for (int c = 0; c < 3; c++) {
                if (Math.abs((x[3 * i + c] & 0xFF) - (y[3 * i + c] & 0xFF)) > threshold) {
                    out[i] = 1;
                    break;
                }
            }
        }
        return new Mask(a.width(), a.height(), out).dilate(grow);
    }

    private static Mask invert(Mask m) {
        byte[] out = new byte[m.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (m.data()[i] == 0 ? 1 : 0);
        }
        return new Mask(m.width(), m.height(), out);
    }

    private static double psnr(double sse, long values) {
        if (values == 0) {
            return Double.NaN;
        }
        double mse = sse / values;
        return mse == 0 ? 100 : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : a / (double) b;
    }
}
