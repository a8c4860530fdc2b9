package org.inpaint.training.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * SWAP's non-local patch coherence loss (Eq. 5–7): a generated patch of class c should look like the real patches
 * of class c.
 *
 * <p>Per image and class c: P^c are the k×k patches of the output Î centred on hole pixels that the predicted
 * segmentation Ŝ (argmax of the full-scale logits) assigns to c; B^c are the patches of the ground truth I centred
 * on known pixels that the target labels S assign to c. Each p_i ∈ P^c is paired with one b_j drawn uniformly from
 * B^c, and both are centred on μ_b^c, the mean of B^c. With cos_i the cosine between p_i − μ and b_j − μ, the
 * paper's distance is Di = 1 − cos_i. Classes missing from either set contribute 0 (as the paper says for classes
 * of Ŝ absent from S). The per-class terms are summed (Eq. 7) and the sum is averaged over the batch.
 *
 * <p>Eq. 6 as printed, −log(mean Di), is minimised by making the patches <em>less</em> alike, the opposite of the
 * stated aim "to maximize the similarity". It is read as −log of the mean similarity 1 − Di/2 = (1 + cos)/2 ∈ [0, 1],
 * which is 0 when every pair is aligned. The pairing is random (drawn from the given generator, class by class in
 * ascending order, hole pixels in raster order); the labels come from argmax and carry no gradient, so the loss
 * trains the image only.
 */
public final class NonLocalPatchCoherenceLoss {

    private static final float EPS = 1e-6f;

    private final int patch;

    /** @param patch the patch side k (odd) */
    public NonLocalPatchCoherenceLoss(int patch) {
        if (patch < 1 || patch % 2 == 0) {
            throw new IllegalArgumentException("patch side must be odd and positive, got " + patch);
        }
        this.patch = patch;
    }

    /**
     * @param output          Î (N, 3, H, W)
     * @param predictedLogits Ŝ at full scale (N, K, H, W) ("seg_s0")
     * @param target          I (N, 3, H, W)
     * @param targetLabels    S as class indices (N, H, W)
     * @param holeMask        (N, 1, H, W), 1 = hole
     * @param random          draws the pairs
     * @return a scalar
     */
    public NDArray of(NDArray output, NDArray predictedLogits, NDArray target, NDArray targetLabels, NDArray holeMask,
                      SplittableRandom random) {
        Shape s = output.getShape();
        int n = (int) s.get(0), h = (int) s.get(2), w = (int) s.get(3), l = h * w;
        int classes = (int) predictedLogits.getShape().get(1);
        int[] predicted = predictedLogits.argMax(1).toType(DataType.INT32, false).toIntArray();
        int[] actual = targetLabels.toType(DataType.INT32, false).toIntArray();
        float[] hole = holeMask.toType(DataType.FLOAT32, false).toFloatArray();
        if (predicted.length != n * l || actual.length != n * l || hole.length != n * l) {
            throw new IllegalArgumentException("labels and mask must be (N, H, W) of the output " + s);
        }
        NDArray generated = rows(output);
        NDArray real = rows(target.stopGradient());
        NDManager m = output.getManager();
        NDArray total = m.zeros(new Shape(), output.getDataType());
        for (int b = 0; b < n; b++) {
            NDArray gen = generated.get(b);
            NDArray ref = real.get(b);
            for (int c = 0; c < classes; c++) {
                int[] ps = select(predicted, hole, b * l, l, c, true);
                int[] bs = select(actual, hole, b * l, l, c, false);
                if (ps.length == 0 || bs.length == 0) {
                    continue;
                }
                int[] pairs = new int[ps.length];
                for (int i = 0; i < ps.length; i++) {
                    pairs[i] = bs[random.nextInt(bs.length)];
                }
                NDArray mu = take(ref, bs).mean(new int[] {0}, true);
                NDArray p = take(gen, ps).sub(mu);
                NDArray q = take(ref, pairs).sub(mu);
                NDArray cos = p.mul(q).sum(new int[] {1})
                        .div(norm(p).mul(norm(q)).add(EPS));
                NDArray similarity = Scalars.div(cos.add(1), 2).mean();
                total = total.add(similarity.add(EPS).log().neg());
            }
        }
        return Scalars.div(total, n);
    }

    /** Patches as rows: (N, H·W, C·k·k), zero padding at the border. */
    private NDArray rows(NDArray x) {
        Shape s = x.getShape();
        NDArray p = NnOps.patchesAsChannels(x, patch, 1, patch / 2);
        return p.reshape(s.get(0), p.getShape().get(1), s.get(2) * s.get(3)).transpose(0, 2, 1);
    }

    private static NDArray norm(NDArray x) {
        return x.mul(x).sum(new int[] {1}).add(EPS * EPS).sqrt();
    }

    /** Rows {@code idx} of a (L, D) matrix, keeping gradients. */
    private static NDArray take(NDArray matrix, int[] idx) {
        long d = matrix.getShape().get(1);
        long[] index = new long[Math.toIntExact(idx.length * d)];
        for (int i = 0; i < idx.length; i++) {
            java.util.Arrays.fill(index, (int) (i * d), (int) ((i + 1) * d), idx[i]);
        }
        return matrix.gather(matrix.getManager().create(index, new Shape(idx.length, d)), 0);
    }

    /** Positions in [offset, offset + l) whose label is c and that lie in the hole (or outside it). */
    private static int[] select(int[] labels, float[] hole, int offset, int l, int c, boolean inHole) {
        int count = 0;
        int[] out = new int[l];
        for (int i = 0; i < l; i++) {
            if (labels[offset + i] == c && (hole[offset + i] > 0.5f) == inHole) {
                out[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }
}
