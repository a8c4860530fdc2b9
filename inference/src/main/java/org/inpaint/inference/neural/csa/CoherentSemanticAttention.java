package org.inpaint.inference.neural.csa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * The coherent semantic attention (CSA) layer of Liu et al. 2019, Section 3.2.2 and Algorithm 1, with 1×1 patches
 * ("for each (1×1) generated patch m_i"; the authors' code also uses {@code shift_sz = 1}).
 *
 * <p><b>Search.</b> Every hole location's feature m_i is compared with every known location's feature by cosine
 * similarity (Eq. 1) in one matrix product of the normalised hole features with the normalised known features
 * (the paper's "known patches as convolution filters applied on M"); the best known patch m̄_i and its similarity
 * D_max_i are kept.
 *
 * <p><b>Generate.</b> In scan order (top-left to bottom-right), m_1 = m̄_1 and
 * m_i = (D_ad_i·m_{i−1} + D_max_i·m̄_i) / (D_ad_i + D_max_i) (Eq. 3), where D_ad_i is the cosine similarity (Eq. 2)
 * of the hole's own feature m_i with the previously generated patch m_{i−1} (as in the authors' code, which
 * compares the original unknown patch with the previous output). Every generated patch is a combination of the
 * selected known patches, m_i = Σ_k W_ik m̄_k with W_i = a_i·W_{i−1} + b_i·e_i, so the recurrence needs only the
 * Gram matrices ⟨m_i, m̄_k⟩ and ⟨m̄_k, m̄_l⟩ (two native matrix products); it runs on those small n×n arrays in
 * Java, and the generated features are W times the selected known features, one more matrix product. W composed
 * with the selection is the paper's attention matrix (A_i = a_i·A_{i−1} + b_i·onehot(m̄_i), over the known
 * patches, "reused as deconvolution filters"), see {@link Attention#attentionMatrix()}.
 *
 * <p><b>Gradients</b> follow the authors' custom backward: the attention weights are constants (the arg-max is
 * not differentiable), the gradient reaches the known features through A, and the hole features get the incoming
 * gradient unchanged (straight-through), so the consistency loss on the CSA output can shape them.
 *
 * <p>Where the paper is silent: a negative D_ad or D_max is clamped to 0 (otherwise Eq. 3 is not a convex
 * combination and can divide by ~0); when both are 0 the known patch is taken alone. A sample with no hole or no
 * known location passes through unchanged.
 */
public final class CoherentSemanticAttention {

    /** Added to vector norms before dividing, as the authors do ({@code x / (|x| + 1e-8)}). */
    static final double EPS = 1e-8;

    /** Mask threshold of the paper's Appendix A: a feature cell is a hole when its 1/16-filter response exceeds this. */
    static final float MASK_THRESHOLD = 5f / 16f;

    private CoherentSemanticAttention() {
    }

    /** What the layer produced for a batch. */
    public record Result(NDArray output, NDArray flow) {
    }

    /** Search and generate results for one sample; arrays indexed by hole number in scan order. */
    static final class Attention {
        final int[] holes;
        final int[] known;
        /** Index into {@link #known} of each hole's most similar known patch m̄_i. */
        final int[] best;
        final float[] dmax;
        final float[] dad;
        /** Weight of the previous generated patch (a_i) and of m̄_i (b_i) in Eq. 3. */
        final float[] previousWeight;
        final float[] bestWeight;
        /** Row-major n×n, lower triangular: generated patch i = Σ_k weights[i·n + k] · m̄_k. */
        final float[] weights;

        Attention(int[] holes, int[] known) {
            this.holes = holes;
            this.known = known;
            int n = holes.length;
            this.best = new int[n];
            this.dmax = new float[n];
            this.dad = new float[n];
            this.previousWeight = new float[n];
            this.bestWeight = new float[n];
            this.weights = new float[n * n];
        }

        /** The attention matrix over the known patches, row-major holes × known: A[i, j] = Σ_{k: m̄_k = j} W[i, k]. */
        float[] attentionMatrix() {
            int n = holes.length;
            float[] a = new float[n * known.length];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k <= i; k++) {
                    a[i * known.length + best[k]] += weights[i * n + k];
                }
            }
            return a;
        }
    }

    /**
     * The hole region M at the CSA scale (Appendix A): the pixel mask through {@code downsamplings} 4×4 stride-2
     * convolutions whose weights are all 1/16, thresholded at 5/16. (N, 1, H, W) -> (N, 1, H/2^d, W/2^d), 1 = hole.
     */
    public static NDArray featureMask(NDArray pixelMask, int downsamplings) {
        NDArray k = pixelMask.getManager().full(new Shape(1, 1, 4, 4), 1f / 16f, pixelMask.getDataType());
        NDArray x = pixelMask.stopGradient();
        for (int i = 0; i < downsamplings; i++) {
            x = NnOps.conv2d(x, k, null, 2, 1, 1, 1);
        }
        return x.gt(MASK_THRESHOLD).toType(pixelMask.getDataType(), false);
    }

    /**
     * Applies the layer. {@code features} (N, C, h, w); {@code holeMask} (N, 1, h, w) with 1 = hole at this scale.
     * Returns the features with every hole location regenerated, and the attention flow (N, 2, h, w): for each hole
     * location the offset (dy, dx) in feature cells to its most similar known location, zero elsewhere.
     */
    public static Result apply(NDArray features, NDArray holeMask) {
        Shape s = features.getShape();
        int batch = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        int hw = h * w;
        NDManager manager = features.getManager();
        float[] mask = holeMask.toType(DataType.FLOAT32, false).toFloatArray();
        if (mask.length != batch * hw) {
            throw new IllegalArgumentException("hole mask " + holeMask.getShape() + " does not match features " + s);
        }
        NDList outputs = new NDList(batch);
        float[] flow = new float[batch * 2 * hw];
        for (int b = 0; b < batch; b++) {
            int holeCount = 0;
            for (int p = 0; p < hw; p++) {
                if (mask[b * hw + p] > 0.5f) {
                    holeCount++;
                }
            }
            NDArray sample = features.get(b);
            if (holeCount == 0 || holeCount == hw) {
                outputs.add(sample);
                continue;
            }
            int[] holes = new int[holeCount];
            int[] known = new int[hw - holeCount];
            long[] inverse = new long[hw];
            int nh = 0;
            int nk = 0;
            for (int p = 0; p < hw; p++) {
                if (mask[b * hw + p] > 0.5f) {
                    holes[nh++] = p;
                } else {
                    known[nk++] = p;
                }
            }
            // Row p of the output is row inverse[p] of [generated holes; known features].
            for (int i = 0; i < holes.length; i++) {
                inverse[holes[i]] = i;
            }
            for (int j = 0; j < known.length; j++) {
                inverse[known[j]] = holes.length + j;
            }
            NDArray rows = sample.reshape(c, hw).transpose();
            NDArray holeFeatures = rows.get(manager.create(toLong(holes)));
            NDArray knownFeatures = rows.get(manager.create(toLong(known)));
            Attention att = attend(holeFeatures.stopGradient(), knownFeatures.stopGradient(), holes, known);
            NDArray weights = manager.create(att.weights, new Shape(holes.length, holes.length));
            NDArray selected = knownFeatures.get(manager.create(toLong(att.best)));
            NDArray generated = NnOps.batchMatMul(weights, selected);
            // straight-through: adds exactly zero, but passes the hole positions' gradient to their input features
            generated = generated.add(holeFeatures.sub(holeFeatures.stopGradient()));
            NDArray all = NDArrays.concat(new NDList(generated, knownFeatures), 0);
            outputs.add(all.get(manager.create(inverse)).transpose().reshape(c, h, w));
            for (int i = 0; i < holes.length; i++) {
                int p = holes[i];
                int q = known[att.best[i]];
                flow[(b * 2) * hw + p] = q / w - p / w;
                flow[(b * 2 + 1) * hw + p] = q % w - p % w;
            }
        }
        NDArray out = NDArrays.stack(outputs, 0);
        return new Result(out, manager.create(flow, new Shape(batch, 2, h, w)).toType(features.getDataType(), false));
    }

    /**
     * Search (all hole locations at once) and the scan-order generate recurrence. {@code holeFeatures} (n, C) and
     * {@code knownFeatures} (L, C), rows in scan order, no gradient needed.
     */
    static Attention attend(NDArray holeFeatures, NDArray knownFeatures, int[] holes, int[] known) {
        int n = holes.length;
        NDArray similarity = NnOps.batchMatMul(normalised(holeFeatures), normalised(knownFeatures).transpose());
        long[] best = similarity.argMax(1).toLongArray();
        float[] dmax = similarity.max(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
        NDArray selected = knownFeatures.get(holeFeatures.getManager().create(best));
        // cross[i·n + k] = <m_i, m̄_k>, gram[k·n + l] = <m̄_k, m̄_l>
        float[] cross = NnOps.batchMatMul(holeFeatures, selected.transpose()).toType(DataType.FLOAT32, false).toFloatArray();
        float[] gram = NnOps.batchMatMul(selected, selected.transpose()).toType(DataType.FLOAT32, false).toFloatArray();
        float[] holeNorm = holeFeatures.square().sum(new int[] {1}).sqrt().toType(DataType.FLOAT32, false).toFloatArray();
        Attention att = new Attention(holes, known);
        float[] w = att.weights;
        double previousNormSq = 0;
        for (int i = 0; i < n; i++) {
            att.best[i] = (int) best[i];
            att.dmax[i] = dmax[i];
            int row = i * n;
            int prev = row - n;
            double dad = 0;
            double previousDotBest = 0;
            if (i > 0) {
                double dot = 0;
                for (int k = 0; k < i; k++) {
                    dot += w[prev + k] * (double) cross[row + k];
                    previousDotBest += w[prev + k] * (double) gram[k * n + i];
                }
                dad = dot / ((holeNorm[i] + EPS) * (Math.sqrt(Math.max(previousNormSq, 0)) + EPS));
            }
            att.dad[i] = (float) dad;
            double[] ab = weights(dad, dmax[i]);
            double a = ab[0];
            double b = ab[1];
            att.previousWeight[i] = (float) a;
            att.bestWeight[i] = (float) b;
            if (i > 0 && a != 0) {
                for (int k = 0; k < i; k++) {
                    w[row + k] = (float) (a * w[prev + k]);
                }
            }
            w[row + i] = (float) b;
            previousNormSq = a * a * previousNormSq + 2 * a * b * previousDotBest + b * b * gram[i * n + i];
        }
        return att;
    }

    /** Eq. 3's normalised weights {D_ad/(D_ad+D_max), D_max/(D_ad+D_max)}, negatives clamped to 0. */
    static double[] weights(double dad, double dmax) {
        double a = Math.max(dad, 0);
        double b = Math.max(dmax, 0);
        double sum = a + b;
        return sum > 0 ? new double[] {a / sum, b / sum} : new double[] {0, 1};
    }

    /** Rows divided by their L2 norm plus {@link #EPS}. */
    private static NDArray normalised(NDArray rows) {
        return rows.div(rows.square().sum(new int[] {1}, true).sqrt().add(EPS));
    }

    private static long[] toLong(int[] a) {
        long[] r = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }
}
