package org.inpaint.inference.neural.lbam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.inpaint.inference.neural.ops.NnOps;

/**
 * A 4×4, stride-2, padding-1 transposed convolution without bias, same weight layout (Cin, Cout, 4, 4) and result
 * as {@link org.inpaint.inference.neural.ops.ConvTranspose}, computed as four 2×2 convolutions at the input
 * resolution (one per output phase, fused into a single convolution) and interleaved. The shared
 * zero-insertion version convolves a 4× larger, mostly zero input; this one does only the real work, which matters
 * here because the decoder holds most of LBAM's computation.
 */
final class PolyphaseConvTranspose extends AbstractBlock {

    private final int out;
    private final Parameter weight;

    PolyphaseConvTranspose(int in, int out) {
        super((byte) 1);
        this.out = out;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(in, out, 4, 4)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(apply(x, ps.getValue(weight, x.getDevice(), training)));
    }

    /**
     * In 1-D, y[2m] = x[m-1]·w[3] + x[m]·w[1] and y[2m+1] = x[m]·w[2] + x[m+1]·w[0]: with the kernel flipped
     * (f[j] = w[3-j]) the even phase is the correlation with f[0::2] and the odd phase with f[1::2] over the input
     * padded by one, read from output offset 0 and 1 respectively. The same holds per axis in 2-D.
     */
    static NDArray apply(NDArray x, NDArray w) {
        Shape ws = w.getShape();
        if (ws.get(2) != 4 || ws.get(3) != 4) {
            throw new IllegalArgumentException("4x4 kernels only, got " + ws);
        }
        long cout = ws.get(1);
        // Results join their first operand's manager: move every array derived from the weight (which lives in the
        // model's manager) into the input's scope, or each forward would leave a weight-sized copy behind.
        NDManager scope = x.getManager();
        NDArray flipped = scoped(w.flip(2, 3), scope);
        NDArray oriented = scoped(flipped.transpose(1, 0, 2, 3), scope);
        NDList kernels = new NDList(4);
        for (int py = 0; py < 2; py++) {
            for (int px = 0; px < 2; px++) {
                kernels.add(scoped(oriented.get(new NDIndex(":, :, {}::2, {}::2", py, px)), scope));
            }
        }
        NDArray y = NnOps.conv2d(x, NDArrays.concat(kernels, 0), null, 1, 1, 1, 1);
        Shape s = x.getShape();
        long h = s.get(2);
        long wd = s.get(3);
        NDList rows = new NDList(2);
        for (int py = 0; py < 2; py++) {
            NDList cols = new NDList(2);
            for (int px = 0; px < 2; px++) {
                long g = 2L * py + px;
                cols.add(y.get(new NDIndex(":, {}:{}, {}:{}, {}:{}", g * cout, (g + 1) * cout, py, py + h, px, px + wd)));
            }
            rows.add(NDArrays.stack(cols, 4));
        }
        return NDArrays.stack(rows, 3).reshape(s.get(0), cout, 2 * h, 2 * wd);
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        if (a.getManager() != scope) {
            a.attach(scope);
        }
        return a;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), out, 2 * s.get(2), 2 * s.get(3))};
    }
}
