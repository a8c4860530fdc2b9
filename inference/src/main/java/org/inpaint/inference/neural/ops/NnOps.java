package org.inpaint.inference.neural.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tensor operations the networks need, in one place: those the DJL PyTorch engine lacks (transposed
 * convolution, unfold, reflect padding) built from ones it has, and convolution itself routed through here so its
 * work is counted by {@link FlopCounter}. Every operation keeps gradients flowing.
 */
public final class NnOps {

    /** PyTorch's own reflection padding, one module per amount (a handful occur), held for the process's life. */
    private static final Map<Integer, TorchScriptOp> REFLECTION_PADS = new ConcurrentHashMap<>();

    private NnOps() {
    }

    /**
     * Casts DJL cannot do (its native layer has no bfloat16 case and aborts; a bfloat16 array reports
     * DataType.UNKNOWN), made on first use. PyTorch ScalarType 15 is bfloat16, 6 is float.
     */
    private static final class Casts {
        static final TorchScriptOp TO_BF16 = TorchScriptOp.of("ToBfloat16", "torch.to(x, 15)");
        static final TorchScriptOp TO_FP32 = TorchScriptOp.of("ToFloat32", "torch.to(x, 6)");
    }

    /**
     * Instance normalisation of x (N, C, H, W) with per-channel scale and shift (C), biased variance, as PyTorch's
     * {@code InstanceNorm2d(affine=True)}: one fused batch-norm call in training mode over the (1, N·C, H, W) view, whose
     * per-channel statistics are exactly the per-(sample, channel) ones (DJL has no instance norm). One pass instead of
     * the formula's seven array operations: about a third of their time on a (1, 32, 256, 256) map, though too small a
     * share of a whole network's forward to show in it.
     */
    public static NDArray instanceNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
        Shape s = x.getShape();
        long n = s.get(0);
        long nc = n * s.get(1);
        NDManager m = x.getManager();
        NDArray g = n == 1 ? gamma : inScopeOf(gamma.tile(n), x);
        NDArray b = n == 1 ? beta : inScopeOf(beta.tile(n), x);
        // The running statistics are throw-away buffers the fused call updates in place.
        NDArray runningMean = m.zeros(new Shape(nc), x.getDataType());
        NDArray runningVar = m.ones(new Shape(nc), x.getDataType());
        NDArray y = BatchNorm.batchNorm(x.reshape(1, nc, s.get(2), s.get(3)), runningMean, runningVar, g, b, 1, 0.1f, eps, true)
                .singletonOrThrow();
        return y.reshape(s);
    }

    /** {@link #instanceNorm(NDArray, NDArray, NDArray, float)} without scale and shift: zero mean, unit variance. */
    public static NDArray instanceNorm(NDArray x, float eps) {
        NDManager m = x.getManager();
        long c = x.getShape().get(1);
        return instanceNorm(x, m.ones(new Shape(c), x.getDataType()), m.zeros(new Shape(c), x.getDataType()), eps);
    }

    /**
     * 2-D convolution, NCHW, weight (Cout, Cin/groups, kh, kw), symmetric zero padding.
     */
    public static NDArray conv2d(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation, int groups) {
        NDArray y;
        if (Precision.current() == Precision.EXACT) {
            y = conv2dExact(x, weight, bias, stride, padding, dilation, groups);
        } else if (Precision.current() == Precision.BF16) {
            NDManager scope = x.getManager();
            NDArray y16 = Conv2d.conv2d(Casts.TO_BF16.apply(x, scope), Casts.TO_BF16.apply(weight, scope),
                    bias == null ? null : Casts.TO_BF16.apply(bias, scope), new Shape(stride, stride),
                    new Shape(padding, padding), new Shape(dilation, dilation), groups).singletonOrThrow();
            y = Casts.TO_FP32.apply(y16, scope);
        } else {
            y = Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(padding, padding),
                    new Shape(dilation, dilation), groups).singletonOrThrow();
        }
        Shape ws = weight.getShape();
        Shape ys = y.getShape();
        FlopCounter.add(2L * ys.get(0) * ys.get(1) * ys.get(2) * ys.get(3) * ws.get(1) * ws.get(2) * ws.get(3));
        return y;
    }

    /**
     * Transposed 2-D convolution as PyTorch defines it: weight (Cin, Cout, kh, kw), output side
     * {@code (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1}. Built as zero insertion
     * followed by a convolution with the flipped, transposed kernel (the adjoint of {@link #conv2d}).
     */
    public static NDArray conv2dTranspose(NDArray x, NDArray weight, NDArray bias, int stride, int padding,
                                          int outputPadding, int dilation) {
        Shape ws = weight.getShape();
        if (ws.get(2) == 4 && ws.get(3) == 4 && stride == 2 && padding == 1 && outputPadding == 0 && dilation == 1) {
            return conv2dTranspose4x4s2(x, weight, bias);
        }
        return conv2dTransposeByZeroInsertion(x, weight, bias, stride, padding, outputPadding, dilation);
    }

    /** The general case: zero insertion then a convolution with the flipped, transposed kernel. */
    static NDArray conv2dTransposeByZeroInsertion(NDArray x, NDArray weight, NDArray bias, int stride, int padding,
                                                  int outputPadding, int dilation) {
        Shape ws = weight.getShape();
        int kh = (int) ws.get(2);
        int kw = (int) ws.get(3);
        if (kh != kw) {
            throw new IllegalArgumentException("square kernels only, got " + ws);
        }
        int reach = dilation * (kh - 1);
        if (padding > reach) {
            throw new IllegalArgumentException("padding " + padding + " exceeds the kernel reach " + reach);
        }
        NDArray up = insertZeros(x, stride);
        NDArray padded = zeroPad(up, reach - padding, reach - padding + outputPadding, reach - padding,
                reach - padding + outputPadding);
        NDArray k = inScopeOf(weight.flip(2, 3), x).transpose(1, 0, 2, 3);
        return conv2d(padded, k, bias, 1, 0, dilation, 1);
    }

    /**
     * The upsampling layer of the U-Nets (kernel 4, stride 2, padding 1) without the zeros: each of the four output
     * phases is a 2×2 convolution, so it does a quarter of the zero-insertion work. Output row 2a+r takes input rows
     * a-1+r+u (u = 0, 1) with flipped kernel row r+2u; the same for columns.
     */
    static NDArray conv2dTranspose4x4s2(NDArray x, NDArray weight, NDArray bias) {
        Shape ws = weight.getShape();
        long cin = ws.get(0);
        long cout = ws.get(1);
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDArray k = inScopeOf(weight.flip(2, 3), x).reshape(cin, cout, 2, 2, 2, 2).transpose(3, 5, 1, 0, 2, 4)
                .reshape(4 * cout, cin, 2, 2);
        NDArray y = conv2d(x, k, null, 1, 1, 1, 1).reshape(n, 2, 2, cout, h + 1, w + 1);
        // The phases are cut out by splits, not indexing: the backward of a select or slice fills a zero gradient
        // the size of all of y for each of the four phases, that of a split only concatenates.
        NDList rows = new NDList(2);
        NDList byRow = y.split(2, 1);
        for (int r = 0; r < 2; r++) {
            NDList cols = new NDList(2);
            NDList byCol = byRow.get(r).split(2, 2);
            for (int c = 0; c < 2; c++) {
                NDArray phase = byCol.get(c).reshape(n, cout, h + 1, w + 1);
                phase = phase.split(new long[] {r == 0 ? h : 1}, 2).get(r);
                cols.add(phase.split(new long[] {c == 0 ? w : 1}, 3).get(c));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        NDArray out = NDArrays.stack(rows, 3).reshape(n, cout, 2 * h, 2 * w);
        return bias == null ? out : out.add(inScopeOf(bias.reshape(1, cout, 1, 1), x));
    }

    /**
     * Moves an array derived from a parameter into the input's NDManager. An operation's result belongs to its first
     * operand's manager, so a kernel rearranged from a parameter would otherwise pile up in the model's manager, one
     * copy per forward, until the model is closed.
     */
    public static NDArray inScopeOf(NDArray derived, NDArray input) {
        derived.attach(input.getManager());
        return derived;
    }

    /** Inserts {@code stride - 1} zeros between neighbouring pixels: (H, W) -> ((H-1)s+1, (W-1)s+1). */
    public static NDArray insertZeros(NDArray x, int stride) {
        if (stride == 1) {
            return x;
        }
        Shape s = x.getShape();
        long n = s.get(0), c = s.get(1), h = s.get(2), w = s.get(3);
        NDManager m = x.getManager();
        NDArray t = x.reshape(n, c, h, 1, w, 1);
        t = NDArrays.concat(new NDList(t, m.zeros(new Shape(n, c, h, 1, w, stride - 1), x.getDataType())), 5);
        t = NDArrays.concat(new NDList(t, m.zeros(new Shape(n, c, h, stride - 1, w, stride), x.getDataType())), 3);
        t = t.reshape(n, c, h * stride, w * stride);
        return t.get(new NDIndex(":, :, :{}, :{}", (h - 1) * stride + 1, (w - 1) * stride + 1));
    }

    /** Zero padding with different amounts per side (top, bottom, left, right). */
    public static NDArray zeroPad(NDArray x, int top, int bottom, int left, int right) {
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return x;
        }
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDList rows = new NDList();
        long w = s.get(3);
        if (top > 0) {
            rows.add(m.zeros(new Shape(s.get(0), s.get(1), top, w), x.getDataType()));
        }
        rows.add(x);
        if (bottom > 0) {
            rows.add(m.zeros(new Shape(s.get(0), s.get(1), bottom, w), x.getDataType()));
        }
        NDArray t = rows.size() == 1 ? x : NDArrays.concat(rows, 2);
        long h = t.getShape().get(2);
        NDList cols = new NDList();
        if (left > 0) {
            cols.add(m.zeros(new Shape(s.get(0), s.get(1), h, left), x.getDataType()));
        }
        cols.add(t);
        if (right > 0) {
            cols.add(m.zeros(new Shape(s.get(0), s.get(1), h, right), x.getDataType()));
        }
        return cols.size() == 1 ? t : NDArrays.concat(cols, 3);
    }

    /** PyTorch's im2col-and-GEMM convolution, one module per geometry, held for the process's life. */
    private static final Map<String, TorchScriptOp> GEMM_CONVS = new ConcurrentHashMap<>();

    /**
     * A convolution by im2col and a matrix product ({@link Precision#EXACT}); groups one after the other. Not counted
     * by {@link FlopCounter} here: {@link #conv2d} counts it.
     */
    private static NDArray conv2dExact(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
                                       int groups) {
        if (groups > 1) {
            NDList xs = x.split(groups, 1);
            NDList ws = weight.split(groups, 0);
            NDList bs = bias == null ? null : bias.split(groups, 0);
            NDList ys = new NDList(groups);
            for (int g = 0; g < groups; g++) {
                ys.add(conv2dExact(xs.get(g), ws.get(g), bs == null ? null : bs.get(g), stride, padding, dilation, 1));
            }
            return NDArrays.concat(ys, 1);
        }
        int k = Math.toIntExact(weight.getShape().get(2));
        String key = k + "_" + stride + "_" + padding + "_" + dilation + "_" + (bias != null);
        String b = bias != null ? "b" : "None";
        String body = dilation == 1
                ? "torch.thnn_conv2d(x, w, [" + k + ", " + k + "], " + b + ", [" + stride + ", " + stride + "], [" + padding + ", " + padding + "])"
                : "torch.slow_conv_dilated2d(x, w, [" + k + ", " + k + "], " + b + ", [" + stride + ", " + stride + "], [" + padding + ", " + padding + "], [" + dilation + ", " + dilation + "])";
        TorchScriptOp op = GEMM_CONVS.computeIfAbsent(key, g -> bias != null
                ? TorchScriptOp.of("ExactConv" + g, body, "x", "w", "b")
                : TorchScriptOp.of("ExactConv" + g, body, "x", "w"));
        return op.apply(bias != null ? new NDList(x, weight, bias) : new NDList(x, weight), x.getManager());
    }

    /**
     * A convolution (no bias, dilation 1, one group, float32) by PyTorch's im2col and matrix product
     * ({@code thnn_conv2d}) instead of oneDNN (see {@link ExactGradients} for why).
     */
    public static NDArray conv2dByGemm(NDArray x, NDArray weight, int stride, int padding) {
        Shape ws = weight.getShape();
        int k = Math.toIntExact(ws.get(2));
        if (ws.get(3) != k) {
            throw new IllegalArgumentException("square kernels only, got " + ws);
        }
        String key = k + "_" + stride + "_" + padding;
        NDArray y = GEMM_CONVS.computeIfAbsent(key, g -> TorchScriptOp.of("GemmConv" + key,
                "torch.thnn_conv2d(x, w, [" + k + ", " + k + "], None, [" + stride + ", " + stride + "], [" + padding + ", "
                        + padding + "])", "x", "w")).apply(new NDList(x, weight), x.getManager());
        Shape ys = y.getShape();
        FlopCounter.add(2L * ys.get(0) * ys.get(1) * ys.get(2) * ys.get(3) * ws.get(1) * ws.get(2) * ws.get(3));
        return y;
    }

    /**
     * Reflect ("mirror") padding of {@code p} pixels on every side, excluding the edge pixel as PyTorch's
     * ReflectionPad2d does: [a b c d] padded by 2 is [c b a b c d c b].
     */
    public static NDArray reflectPad(NDArray x, int p) {
        if (p == 0) {
            return x;
        }
        Shape s = x.getShape();
        if (p >= s.get(2) || p >= s.get(3)) {
            throw new IllegalArgumentException("reflect padding " + p + " needs a side larger than " + p + ", got " + s);
        }
        return REFLECTION_PADS.computeIfAbsent(p, q -> TorchScriptOp.of("ReflectionPad" + q,
                "torch.reflection_pad2d(x, [" + q + ", " + q + ", " + q + ", " + q + "])")).apply(x, x.getManager());
    }

    /**
     * PyTorch's unfold: every k×k patch (with stride, dilation 1, symmetric zero padding) as a column.
     * Returns (N, C·k·k, L) with L = Ho·Wo and channel order c·k·k + i·k + j, via a grouped convolution with
     * one-hot kernels.
     */
    public static NDArray unfold(NDArray x, int k, int stride, int padding) {
        NDArray patches = patchesAsChannels(x, k, stride, padding);
        Shape s = patches.getShape();
        return patches.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
    }

    /** As {@link #unfold} but keeps the spatial layout: (N, C·k·k, Ho, Wo). */
    public static NDArray patchesAsChannels(NDArray x, int k, int stride, int padding) {
        long c = x.getShape().get(1);
        NDArray oneHot = x.getManager().eye(k * k).reshape(k * k, 1, k, k).toType(x.getDataType(), false);
        NDArray kernel = oneHot.tile(new long[] {c, 1, 1, 1});
        return conv2d(x, kernel.stopGradient(), null, stride, padding, 1, (int) c);
    }

    /** Nearest-neighbour upsampling by an integer factor (each pixel repeated f×f). */
    public static NDArray upsampleNearest(NDArray x, int f) {
        return f == 1 ? x : x.repeat(2, f).repeat(3, f);
    }

    /** Nearest-neighbour downsampling by an integer factor (every f-th pixel). */
    public static NDArray downsampleNearest(NDArray x, int f) {
        return f == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", f, f));
    }

    /**
     * Batched matrix product counted as work: (B, n, k) x (B, k, m). Under {@link Precision#BF16} the operands are
     * bfloat16 and the product comes back as float32 (oneDNN accumulates in float32), as for the convolutions.
     */
    public static NDArray batchMatMul(NDArray a, NDArray b) {
        NDArray y;
        if (Precision.current() == Precision.BF16) {
            NDManager scope = a.getManager();
            y = Casts.TO_FP32.apply(Casts.TO_BF16.apply(a, scope).matMul(Casts.TO_BF16.apply(b, scope)), scope);
        } else {
            y = a.matMul(b);
        }
        Shape sa = a.getShape();
        Shape sb = b.getShape();
        long batch = sa.dimension() == 3 ? sa.get(0) : 1;
        FlopCounter.add(2L * batch * sa.get(sa.dimension() - 2) * sa.get(sa.dimension() - 1) * sb.get(sb.dimension() - 1));
        return y;
    }
}
