package org.inpaint.inference.neural.deepfill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * Tensor helpers DeepFill needs beyond the shared {@link NnOps}: mirror padding wider than the side (the dilation-16
 * layers work on 16×16 features for 64×64 inputs), fold (the adjoint of {@link NnOps#patchesAsChannels}, used to
 * paste attention-weighted patches back) and max-pool downsampling of masks. Candidates to move to ops/.
 */
final class DeepFillOps {

    private DeepFillOps() {
    }

    private static final int CACHE_LIMIT = 1024;
    private static final Map<Object, Object> CONSTANTS = new ConcurrentHashMap<>();
    private static NDManager constantManager;

    /**
     * Mirror padding of {@code p} pixels on every side, excluding the edge pixel, as {@link NnOps#reflectPad}; pads
     * of at least a side continue the mirror pattern periodically, as numpy's "reflect" mode does, and a side of 1
     * is replicated. PyTorch's reflection padding does the common case in one pass; the dilated layers' pads, wider
     * than their maps, take one gather per axis with cached index arrays.
     */
    static NDArray mirrorPad(NDArray x, int p) {
        if (p == 0) {
            return x;
        }
        Shape s = x.getShape();
        long h = s.get(2), w = s.get(3);
        if (p < h && p < w) {
            return NnOps.reflectPad(x, p);
        }
        NDManager m = x.getManager();
        return x.get(mirrorIndex(m, 2, (int) h, p)).get(mirrorIndex(m, 3, (int) w, p));
    }

    /** The gather along {@code axis} (2 or 3) that mirror-pads a side of n by p. */
    private static NDIndex mirrorIndex(NDManager callScope, int axis, int n, int p) {
        String pattern = axis == 2 ? ":, :, {}" : ":, :, :, {}";
        return constant(List.of("mirror", axis, n, p), callScope, m -> new NDIndex(pattern, m.create(mirrorIndex(n, p))));
    }

    /**
     * A constant (index arrays, fixed kernels) made once and held for the life of the process in a manager of its
     * own: they are small and few shapes occur. Past the cache limit they are made per call in the caller's scope.
     * Saves the per-call Java garbage of creating them, which otherwise shows up as RSS growth.
     */
    @SuppressWarnings("unchecked")
    static <T> T constant(Object key, NDManager callScope, Function<NDManager, T> make) {
        Object cached = CONSTANTS.get(key);
        if (cached != null) {
            return (T) cached;
        }
        if (CONSTANTS.size() >= CACHE_LIMIT) {
            return make.apply(callScope);
        }
        synchronized (CONSTANTS) {
            if (constantManager == null) {
                constantManager = NDManager.newBaseManager("PyTorch");
            }
            return (T) CONSTANTS.computeIfAbsent(key, k -> make.apply(constantManager));
        }
    }

    /**
     * {@link NnOps#patchesAsChannels} with the one-hot kernel held as a constant: (N, C·k·k, Ho, Wo), channel order
     * c·k·k + i·k + j, zero padding.
     */
    static NDArray patches(NDArray x, int k, int stride, int padding) {
        int c = (int) x.getShape().get(1);
        NDArray kernel = constant(List.of("onehot", c, k, x.getDataType()), x.getManager(), m -> {
            float[] v = new float[c * k * k * k * k];
            for (int ch = 0; ch < c; ch++) {
                for (int t = 0; t < k * k; t++) {
                    v[(ch * k * k + t) * k * k + t] = 1f;
                }
            }
            return m.create(v, new Shape((long) c * k * k, 1, k, k)).toType(x.getDataType(), false);
        });
        return NnOps.conv2d(x, kernel, null, stride, padding, 1, c);
    }

    /** A (shape) array of ones, held as a constant. */
    static NDArray ones(NDManager callScope, Shape shape, DataType type) {
        return constant(List.of("ones", shape, type), callScope, m -> m.ones(shape, type));
    }

    /** Every f-th pixel (as {@link NnOps#downsampleNearest}, without parsing an index string). */
    static NDArray downsampleNearest(NDArray x, int f) {
        if (f == 1) {
            return x;
        }
        Shape s = x.getShape();
        return x.get(new NDIndex().addAllDim(2).addSliceDim(0, s.get(2), f).addSliceDim(0, s.get(3), f));
    }

    /** Source index of each of the n + 2p padded positions: the mirror extension, period 2(n - 1). */
    static long[] mirrorIndex(int n, int p) {
        long[] idx = new long[n + 2 * p];
        int period = 2 * (n - 1);
        for (int i = 0; i < idx.length; i++) {
            if (n == 1) {
                continue;
            }
            int t = Math.floorMod(i - p, period);
            idx[i] = t < n ? t : period - t;
        }
        return idx;
    }

    /**
     * Fold ("col2im"): sums k×k patches given as channels {@code (N, C·k·k, Hp, Wp)} (channel order c·k·k + i·k + j,
     * as {@link NnOps#patchesAsChannels} produces) into an {@code (N, C, outH, outW)} image; patch (y, x) covers
     * rows {@code y·stride - padding + i}. It is the adjoint of patchesAsChannels; no multiplications, so nothing
     * is counted. Needs k to be a multiple of the stride: kernel offset i = stride·u + v, and for each u the
     * patches of all v interleave into one map (as a pixel shuffle) shifted by stride·u, so the sum takes k/stride
     * shifted maps per axis instead of k² scattered ones.
     */
    static NDArray fold(NDArray cols, int channels, int k, int stride, int padding, long outH, long outW) {
        Shape s = cols.getShape();
        long n = s.get(0), hp = s.get(2), wp = s.get(3);
        if (s.get(1) != (long) channels * k * k) {
            throw new IllegalArgumentException("expected " + channels + "·" + k + "² channels, got " + s);
        }
        if (k % stride != 0) {
            throw new IllegalArgumentException("fold needs the kernel " + k + " to be a multiple of the stride " + stride);
        }
        int u = k / stride;
        // (N, C, u, v, u', v', Hp, Wp)
        NDArray c8 = cols.reshape(n, channels, u, stride, u, stride, hp, wp);
        long fullW = (wp + u - 1) * stride;
        // split, not select: a select's backward zeroes a gradient the size of c8 for each j, a split's concatenates
        NDList byU = c8.split(u, 4);
        NDArray byCols = null;
        for (int j = 0; j < u; j++) {
            NDArray t = byU.get(j).squeeze(4)                                       // (N, C, u, v, v', Hp, Wp)
                    .transpose(0, 1, 2, 3, 5, 6, 4).reshape(n, channels, u, stride, hp, wp * stride)
                    .pad(new Shape((long) stride * j, (long) stride * (u - 1 - j)), 0);
            byCols = byCols == null ? t : byCols.add(t);
        }
        long fullH = (hp + u - 1) * stride;
        NDList byRow = byCols.split(u, 2);
        NDArray sum = null;
        for (int i = 0; i < u; i++) {
            NDArray t = byRow.get(i).squeeze(2)                                        // (N, C, v, Hp, W)
                    .transpose(0, 1, 3, 2, 4).reshape(n, channels, hp * stride, fullW)
                    .pad(new Shape(0, 0, (long) stride * i, (long) stride * (u - 1 - i)), 0);
            sum = sum == null ? t : sum.add(t);
        }
        // the full extent starts at -padding; pad with zeros if the requested output reaches beyond it
        long extraH = Math.max(0, padding + outH - fullH), extraW = Math.max(0, padding + outW - fullW);
        if (extraH > 0 || extraW > 0) {
            sum = sum.pad(new Shape(0, extraW, 0, extraH), 0);
        }
        return sum.get(new NDIndex().addAllDim(2).addSliceDim(padding, padding + outH).addSliceDim(padding, padding + outW));
    }

    /** How many patches of {@link #fold} cover each output pixel, as a (1, 1, outH, outW) array. */
    static NDArray foldCounts(NDManager m, long hp, long wp, int k, int stride, int padding, int outH, int outW) {
        float[] rows = coverage(hp, k, stride, padding, outH);
        float[] cols = coverage(wp, k, stride, padding, outW);
        float[] c = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                c[y * outW + x] = rows[y] * cols[x];
            }
        }
        return m.create(c, new Shape(1, 1, outH, outW));
    }

    private static float[] coverage(long patches, int k, int stride, int padding, int out) {
        float[] c = new float[out];
        for (long p = 0; p < patches; p++) {
            for (int i = 0; i < k; i++) {
                long y = p * stride - padding + i;
                if (y >= 0 && y < out) {
                    c[(int) y]++;
                }
            }
        }
        return c;
    }

    /** Max over f×f cells: (N, C, H, W) -> (N, C, H/f, W/f). For masks, so any hole pixel makes the cell a hole. */
    static NDArray downsampleMax(NDArray x, int f) {
        if (f == 1) {
            return x;
        }
        Shape s = x.getShape();
        if (s.get(2) % f != 0 || s.get(3) % f != 0) {
            throw new IllegalArgumentException("side " + s.get(2) + "x" + s.get(3) + " is not a multiple of " + f);
        }
        return x.getNDArrayInternal().maxPool(new Shape(f, f), new Shape(f, f), new Shape(0, 0), false);
    }
}
