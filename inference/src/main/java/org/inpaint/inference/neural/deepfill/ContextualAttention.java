package org.inpaint.inference.neural.deepfill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.inpaint.inference.neural.ops.NnOps;
import org.inpaint.inference.neural.ops.Scalars;

/**
 * The contextual attention layer of Section 4.1 (no parameters): every location of the feature map is matched
 * against the k×k background patches (those not touching the hole) by cosine similarity, the scores are propagated
 * left-right then top-down with an identity kernel, turned into attention by a scaled softmax over the background,
 * and the foreground is rebuilt from the background patches by a transposed convolution (computed as a matrix
 * product and a fold), overlaps averaged. Only hole locations take the rebuilt features.
 *
 * <p>Memory options of the paper: {@code stride} takes background patches every {@code stride} locations;
 * {@code rate} matches on features downscaled by {@code rate} (nearest neighbour) and rebuilds with the
 * full-resolution patches of side 2·rate at stride rate, as the authors' code does (rate 2 by default there).
 * With rate 1 the k×k matching patches themselves rebuild the foreground, as the paper describes.
 */
final class ContextualAttention {

    /** Subtracted from the logits of hole candidates before the softmax, so they get no mass (then exactly 0 after masking). */
    private static final float EXCLUDED = 1e4f;

    private final int ksize;
    private final int stride;
    private final int rate;
    private final int fuseK;
    private final float softmaxScale;

    /**
     * @param ksize        matching patch side (3 in the paper)
     * @param stride       background patch stride (memory option 1; 1 in the paper's network)
     * @param rate         downscaling for matching (memory option 2; 2 in the authors' code), 1 or even
     * @param fuseK        propagation kernel size (3 in the authors' code), 1 = no propagation
     * @param softmaxScale λ of the scaled softmax (10 in the authors' code)
     */
    ContextualAttention(int ksize, int stride, int rate, int fuseK, float softmaxScale) {
        if (ksize < 1 || ksize % 2 == 0 || stride < 1 || fuseK < 1 || fuseK % 2 == 0) {
            throw new IllegalArgumentException("ksize and fuseK must be odd, stride positive");
        }
        if (rate < 1 || rate > 1 && rate % 2 != 0) {
            throw new IllegalArgumentException("rate must be 1 or even, got " + rate);
        }
        this.ksize = ksize;
        this.stride = stride;
        this.rate = rate;
        this.fuseK = fuseK;
        this.softmaxScale = softmaxScale;
    }

    int rate() {
        return rate;
    }

    /**
     * @param x     features (N, C, H, W), H and W multiples of rate
     * @param holes (N, 1, H, W), 1 = hole at this scale
     * @return the features with hole locations replaced by the attention result, and the attention flow
     *     (N, 2, H/rate, W/rate): (dy, dx) from each hole location to the centre of its best background patch, in
     *     cells of the matching grid, 0 outside the hole
     */
    NDList apply(NDArray x, NDArray holes) {
        Result r = attend(x, holes);
        return new NDList(r.features(), r.flow());
    }

    /**
     * {@code probabilities} is (N, Lb, Hd, Wd): attention of every matching-grid location over the Lb background
     * patches of its own image (row-major over the patch grid); {@code valid} (N, Lb) is 1 where the patch does not
     * touch the hole.
     */
    record Result(NDArray features, NDArray flow, NDArray probabilities, NDArray valid,
                  int patchRows, int patchCols) {
    }

    /**
     * The whole batch at once: each image attends to its own background patches, so matching and rebuilding are
     * batched matrix products (one per image in a single call) rather than a convolution whose kernels differ per
     * image.
     */
    Result attend(NDArray f, NDArray holes) {
        Shape s = f.getShape();
        long n = s.get(0);
        int c = (int) s.get(1);
        long h = s.get(2), w = s.get(3);
        if (h % rate != 0 || w % rate != 0) {
            throw new IllegalArgumentException("feature side " + h + "x" + w + " is not a multiple of rate " + rate);
        }
        int pad = ksize / 2;
        long patchLength = (long) c * ksize * ksize;
        NDArray fd = DeepFillOps.downsampleNearest(f, rate);
        NDArray md = DeepFillOps.downsampleMax(holes, rate);
        long hd = fd.getShape().get(2), wd = fd.getShape().get(3);

        // background patches as unit columns: (N, C·k·k, Lb)
        NDArray patches = DeepFillOps.patches(fd, ksize, stride, pad);
        int hb = (int) patches.getShape().get(2), wb = (int) patches.getShape().get(3);
        int lb = hb * wb;
        NDArray background = patches.reshape(n, patchLength, lb);
        NDArray unitBackground = background.div(l2Norms(background));

        // Eq. (1): cosine similarity, so the foreground patch norm divides too (the authors' code leaves it out,
        // which makes λ depend on the feature scale)
        NDArray foreground = stride == 1 ? background
                : DeepFillOps.patches(fd, ksize, 1, pad).reshape(n, patchLength, hd * wd);
        NDArray scores = NnOps.batchMatMul(unitBackground.transpose(0, 2, 1), foreground).div(l2Norms(foreground));

        if (fuseK > 1) {
            scores = propagate(scores.reshape(n, hb, wb, hd, wd), fuseK);
        }
        scores = scores.reshape(n, lb, hd * wd);

        // a background patch is a candidate only if none of its cells is a hole (zero padding counts as known)
        NDArray window = DeepFillOps.ones(f.getManager(), new Shape(1, 1, ksize, ksize), f.getDataType());
        NDArray holeCount = NnOps.conv2d(md, window, null, stride, pad, 1, 1);
        NDArray valid = holeCount.reshape(n, lb).lt(0.5f).toType(f.getDataType(), false);
        NDArray validB = valid.reshape(n, lb, 1);
        NDArray logits = Scalars.mul(scores, softmaxScale).add(Scalars.mul(validB.sub(1f), EXCLUDED));
        NDArray probabilities = logits.softmax(1).mul(validB);

        NDArray flow = flow(probabilities.stopGradient(), md, wb, valid);

        // rebuild from the full-resolution patches: cols = patches x attention, then fold and average the overlaps
        int kr = rate == 1 ? ksize : 2 * rate;
        int pr = rate == 1 ? pad : rate / 2;
        NDArray raw = DeepFillOps.patches(f, kr, rate * stride, pr);
        if (raw.getShape().get(2) != hb || raw.getShape().get(3) != wb) {
            throw new IllegalStateException("raw patch grid " + raw.getShape() + " does not match " + hb + "x" + wb);
        }
        NDArray cols = NnOps.batchMatMul(raw.reshape(n, (long) c * kr * kr, lb), probabilities)
                .reshape(n, (long) c * kr * kr, hd, wd);
        NDArray counts = DeepFillOps.foldCounts(f.getManager(), hd, wd, kr, rate, pr, (int) h, (int) w);
        NDArray rebuilt = DeepFillOps.fold(cols, c, kr, rate, pr, h, w).div(Scalars.maximum(counts, 1f));

        NDArray features = f.mul(holes.neg().add(1f)).add(rebuilt.mul(holes));
        return new Result(features, flow, probabilities.reshape(n, lb, hd, wd), valid, hb, wb);
    }

    /** The L2 norm of each column of (N, D, L), as (N, 1, L), floored so an all-zero patch does not divide by 0. */
    private static NDArray l2Norms(NDArray columns) {
        return Scalars.maximum(columns.square().sum(new int[] {1}, true), 1e-8f).sqrt();
    }

    /**
     * Attention propagation (fusion), left-right then top-down: for scores s[yb, xb, yf, xf] (background patch,
     * foreground location), ŝ[yb, xb, yf, xf] = Σ_i s[yb, xb + i, yf, xf + i] with i in [-k/2, k/2] and zero beyond
     * the borders, then the same along y. The paper computes this as a convolution of the (background, foreground)
     * plane with a k×k identity kernel; that is exactly a sum of k diagonal shifts, done here as slices and pads
     * (a convolution with one input channel over a thousand tiny planes was 100× slower). The authors' code
     * flattens rows instead, so its left-right pass also mixes the last column of one row with the first of the
     * next; this follows the paper's equation.
     */
    static NDArray propagate(NDArray s, int k) {
        int d = s.getShape().dimension();
        return diagonalSum(diagonalSum(s, d - 3, d - 1, k), d - 4, d - 2, k);
    }

    /** Σ_i x shifted by i along axes a and b together (x[.., p + i, .., q + i]), zero beyond the borders. */
    private static NDArray diagonalSum(NDArray x, int a, int b, int k) {
        Shape s = x.getShape();
        int dims = s.dimension();
        NDArray sum = x;
        for (int i = -(k / 2); i <= k / 2; i++) {
            if (i == 0) {
                continue;
            }
            NDIndex index = new NDIndex();
            long[] pad = new long[2 * dims];   // (before, after) per axis, last axis first
            for (int axis = 0; axis < dims; axis++) {
                if (axis != a && axis != b) {
                    index.addAllDim();
                    continue;
                }
                long n = s.get(axis);
                int shift = (int) Math.min(Math.abs(i), n);
                index.addSliceDim(i > 0 ? shift : 0, i > 0 ? n : n - shift);
                pad[2 * (dims - 1 - axis) + (i > 0 ? 1 : 0)] = shift;
            }
            sum = sum.add(x.get(index).pad(new Shape(pad), 0));
        }
        return sum;
    }

    private NDArray flow(NDArray probabilities, NDArray md, int wb, NDArray valid) {
        long n = md.getShape().get(0), hd = md.getShape().get(2), wd = md.getShape().get(3);
        int cells = (int) (hd * wd);
        long[] best = probabilities.argMax(1).toType(DataType.INT64, false).toLongArray();
        float[] hole = md.toType(DataType.FLOAT32, false).toFloatArray();
        float[] candidates = valid.sum(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray();
        float[] out = new float[(int) n * 2 * cells];
        for (int i = 0; i < n; i++) {
            if (candidates[i] <= 0) {
                continue;
            }
            for (int p = 0; p < cells; p++) {
                int at = i * cells + p;
                if (hole[at] > 0.5f) {
                    int y = (int) (p / wd), x = (int) (p % wd);
                    out[2 * i * cells + p] = (float) (best[at] / wb * stride - y);
                    out[(2 * i + 1) * cells + p] = (float) (best[at] % wb * stride - x);
                }
            }
        }
        return md.getManager().create(out, new Shape(n, 2, hd, wd));
    }
}
