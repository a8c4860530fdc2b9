package org.inpaint.inference.neural.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class NnOpsTest extends TensorTest {

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(11);
    }

    @Test
    void transposedConvolutionIsTheAdjointOfConvolution() {
        for (int[] cfg : new int[][] {{4, 2, 1, 0}, {3, 2, 1, 1}, {3, 1, 1, 0}, {5, 2, 2, 1}}) {
            int k = cfg[0], s = cfg[1], p = cfg[2], op = cfg[3];
            NDArray w = m.randomNormal(new Shape(3, 5, k, k));      // ConvT: 3 -> 5 channels
            NDArray x = m.randomNormal(new Shape(2, 3, 6, 7));
            NDArray y = NnOps.conv2dTranspose(x, w, null, s, p, op, 1);
            long oh = (6 - 1) * s - 2L * p + (k - 1) + op + 1;
            long ow = (7 - 1) * s - 2L * p + (k - 1) + op + 1;
            assertEquals(new Shape(2, 5, oh, ow), y.getShape());
            NDArray z = m.randomNormal(y.getShape());
            // conv2d with the same weight maps 5 -> 3 channels; <T x, z> = <x, T* z>
            NDArray back = NnOps.conv2d(z, w, null, s, p, 1, 1);
            NDArray backCropped = back.get(":, :, :6, :7");
            float lhs = y.mul(z).sum().getFloat();
            float rhs = x.mul(backCropped).sum().getFloat();
            assertEquals(lhs, rhs, 1e-3 * Math.max(1, Math.abs(lhs)), "k" + k + " s" + s + " p" + p + " op" + op);
        }
    }

    @Test
    void theFourPhaseUpsamplingEqualsZeroInsertionWithGradients() {
        NDArray x0 = m.randomNormal(new Shape(2, 3, 5, 7));
        NDArray w0 = m.randomNormal(new Shape(3, 4, 4, 4));
        NDArray b0 = m.randomNormal(new Shape(4));
        NDArray r = m.randomNormal(new Shape(2, 4, 10, 14));
        float[][] results = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            NDArray x = x0.duplicate();
            NDArray w = w0.duplicate();
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                y = variant == 0 ? NnOps.conv2dTransposeByZeroInsertion(x, w, b0, 2, 1, 0, 1) : NnOps.conv2dTranspose(x, w, b0, 2, 1, 0, 1);
                gc.backward(y.mul(r).sum());
            }
            assertEquals(new Shape(2, 4, 10, 14), y.getShape());
            float[] out = y.toFloatArray(), gx = x.getGradient().toFloatArray(), gw = w.getGradient().toFloatArray();
            results[variant] = new float[out.length + gx.length + gw.length];
            System.arraycopy(out, 0, results[variant], 0, out.length);
            System.arraycopy(gx, 0, results[variant], out.length, gx.length);
            System.arraycopy(gw, 0, results[variant], out.length + gx.length, gw.length);
        }
        assertArrayEquals(results[0], results[1], 1e-3f);
        long fast = FlopCounter.count(() -> NnOps.conv2dTranspose(x0, w0, null, 2, 1, 0, 1));
        long slow = FlopCounter.count(() -> NnOps.conv2dTransposeByZeroInsertion(x0, w0, null, 2, 1, 0, 1));
        // 4x less in the limit; on this 5x7 input the phase convolutions' (H+1)(W+1) border costs some of it.
        assertTrue(fast * 2.5 < slow, "about a quarter of the work: " + fast + " vs " + slow);
    }

    @Test
    void kernelsDerivedFromWeightsAreFreedWithTheCallersScope() {
        NDArray w = m.randomNormal(new Shape(3, 4, 4, 4));
        NDArray w3 = m.randomNormal(new Shape(3, 4, 3, 3));
        int before = m.getManagedArrays().size();
        try (NDManager scope = m.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(1, 3, 6, 6));
            NnOps.conv2dTranspose(x, w, null, 2, 1, 0, 1);
            NnOps.conv2dTranspose(x, w3, null, 2, 1, 1, 1);
        }
        assertEquals(before, m.getManagedArrays().size());
    }

    @Test
    void reflectPadMirrorsWithoutTheEdge() {
        NDArray row = m.create(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, new Shape(1, 1, 3, 4));
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2}, NnOps.reflectPad(row, 2).get(":, :, 2, :").toFloatArray(), 0f);
        NDArray square = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new Shape(1, 1, 3, 3));
        NDArray padded = NnOps.reflectPad(square, 1);
        assertEquals(new Shape(1, 1, 5, 5), padded.getShape());
        assertArrayEquals(new float[] {5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5},
                padded.toFloatArray(), 0f);
    }


    /**
     * bf16 convolutions agree with float32 to bfloat16's 8 significant bits (relative error well under 2 %), return
     * float32, and pass a float32 gradient back to the float32 weight close to the float32 one.
     */
    @Test
    void bf16ConvolutionMatchesFloat32AndKeepsFloat32Gradients() {
        NDArray x = m.randomNormal(new Shape(2, 16, 12, 12));
        NDArray b = m.randomNormal(new Shape(8));
        assertBf16AgreesWithFloat32(m.randomNormal(new Shape(8, 16, 3, 3)).mul(0.1f), w -> NnOps.conv2d(x, w, b, 1, 1, 1, 1));
        assertEquals(Precision.FP32, Precision.current(), "the scope restores the thread's precision");
    }

    /** bf16 batched matrix products (the attention scores and rebuilds) as the convolutions: close, float32 out and back. */
    @Test
    void bf16BatchMatMulMatchesFloat32AndKeepsFloat32Gradients() {
        NDArray b = m.randomNormal(new Shape(3, 64, 50));
        assertBf16AgreesWithFloat32(m.randomNormal(new Shape(3, 40, 64)), a -> NnOps.batchMatMul(a, b));
    }

    /** {@code op} of a float32 leaf in bf16 and in float32: outputs and the leaf's gradients within 2 %, all float32. */
    private static void assertBf16AgreesWithFloat32(NDArray leaf, java.util.function.UnaryOperator<NDArray> op) {
        float[][] outputs = new float[2][];
        float[][] gradients = new float[2][];
        for (Precision p : List.of(Precision.FP32, Precision.BF16)) {
            NDArray x = leaf.duplicate();
            x.setRequiresGradient(true);
            NDArray y;
            try (Precision.Scope s = p.enter(); GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                y = op.apply(x);
                gc.backward(y.square().sum());
            }
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, y.getDataType(), p.label());
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, x.getGradient().getDataType(), p.label());
            outputs[p.ordinal()] = y.toFloatArray();
            gradients[p.ordinal()] = x.getGradient().toFloatArray();
        }
        assertTrue(relativeError(outputs[1], outputs[0]) < 0.02, "output error " + relativeError(outputs[1], outputs[0]));
        assertTrue(relativeError(gradients[1], gradients[0]) < 0.02, "gradient error " + relativeError(gradients[1], gradients[0]));
        assertTrue(relativeError(outputs[1], outputs[0]) > 0, "bf16 must actually have run");
    }

    /** The exact path of the mask convolutions computes what oneDNN does, gradients of input and weight included. */
    @Test
    void theGemmConvolutionEqualsOneDnnsWithGradients() {
        NDArray x = m.randomNormal(new Shape(2, 6, 16, 16));
        NDArray w = m.randomNormal(new Shape(5, 6, 4, 4)).mul(0.1f);
        float[][] outputs = new float[2][], weightGradients = new float[2][], inputGradients = new float[2][];
        for (int path = 0; path < 2; path++) {
            NDArray input = x.duplicate();
            NDArray weight = w.duplicate();
            input.setRequiresGradient(true);
            weight.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                y = path == 0 ? NnOps.conv2d(input, weight, null, 2, 1, 1, 1) : NnOps.conv2dByGemm(input, weight, 2, 1);
                gc.backward(y.square().sum());
            }
            outputs[path] = y.toFloatArray();
            weightGradients[path] = weight.getGradient().toFloatArray();
            inputGradients[path] = input.getGradient().toFloatArray();
        }
        assertEquals(outputs[0].length, outputs[1].length);
        assertTrue(relativeError(outputs[1], outputs[0]) < 1e-5, "output error " + relativeError(outputs[1], outputs[0]));
        assertTrue(relativeError(weightGradients[1], weightGradients[0]) < 1e-5, "weight gradient");
        assertTrue(relativeError(inputGradients[1], inputGradients[0]) < 1e-5, "input gradient");
    }

    /**
     * {@link Precision#EXACT} computes what oneDNN does, for every shape of convolution the networks use (bias,
     * stride, dilation, groups), gradients of input, weight and bias included.
     */
    @Test
    void exactConvolutionsEqualOneDnnsWithGradients() {
        int[][] shapes = {{1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {1, 1, 3}}; // stride, dilation, groups
        for (int[] shape : shapes) {
            int stride = shape[0], dilation = shape[1], groups = shape[2];
            NDArray x = m.randomNormal(new Shape(2, 6, 15, 15));
            NDArray w = m.randomNormal(new Shape(9, 6 / groups, 3, 3)).mul(0.1f);
            NDArray b = m.randomNormal(new Shape(9));
            float[][] outputs = new float[2][], weightGradients = new float[2][], inputGradients = new float[2][],
                    biasGradients = new float[2][];
            List<Precision> paths = List.of(Precision.FP32, Precision.EXACT);
            for (int path = 0; path < 2; path++) {
                NDArray input = x.duplicate();
                NDArray weight = w.duplicate();
                NDArray bias = b.duplicate();
                input.setRequiresGradient(true);
                weight.setRequiresGradient(true);
                bias.setRequiresGradient(true);
                NDArray y;
                try (Precision.Scope s = paths.get(path).enter();
                     GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    y = NnOps.conv2d(input, weight, bias, stride, dilation, dilation, groups);
                    gc.backward(y.square().sum());
                }
                outputs[path] = y.toFloatArray();
                weightGradients[path] = weight.getGradient().toFloatArray();
                inputGradients[path] = input.getGradient().toFloatArray();
                biasGradients[path] = bias.getGradient().toFloatArray();
            }
            String where = "stride " + stride + ", dilation " + dilation + ", groups " + groups + ": ";
            assertEquals(outputs[0].length, outputs[1].length, where + "output size");
            assertTrue(relativeError(outputs[1], outputs[0]) < 1e-5, where + "output " + relativeError(outputs[1], outputs[0]));
            assertTrue(relativeError(weightGradients[1], weightGradients[0]) < 1e-5, where + "weight gradient");
            assertTrue(relativeError(inputGradients[1], inputGradients[0]) < 1e-5, where + "input gradient");
            assertTrue(relativeError(biasGradients[1], biasGradients[0]) < 1e-5, where + "bias gradient");
        }
    }

    private static double relativeError(float[] got, float[] want) {
        double diff = 0, norm = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (got[i] - want[i]) * (double) (got[i] - want[i]);
            norm += want[i] * (double) want[i];
        }
        return Math.sqrt(diff / norm);
    }

    /**
     * Outside training (grad mode off, as the engines run) the results of the TorchScript operations are ordinary
     * tensors: in-place updates work, and no graph is recorded.
     */
    @Test
    void torchScriptResultsTakeInPlaceUpdatesOutsideTraining() {
        boolean mode = ai.djl.pytorch.jni.JniUtils.isGradMode();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        try (Precision.Scope s = Precision.BF16.enter()) {
            NDArray x = m.randomNormal(new Shape(1, 2, 6, 6));
            NDArray padded = NnOps.reflectPad(x, 1).addi(1f);
            assertEquals(new Shape(1, 2, 8, 8), padded.getShape());
            NDArray y = NnOps.conv2d(x, m.ones(new Shape(3, 2, 3, 3)), null, 1, 1, 1, 1).muli(2f);
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, y.getDataType());
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(mode);
        }
    }

    /** Each input pixel's gradient under sum(pad(x)) is the number of padded pixels copied from it. */
    @Test
    void reflectPadGradientCountsTheCopies() {
        NDArray x = m.randomNormal(new Shape(1, 1, 3, 4));
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            gc.backward(NnOps.reflectPad(x, 1).sum());
        }
        // padded rows take rows 1,0,1,2,1 and columns 1,0,1,2,3,2
        float[] rows = {1, 3, 1};
        float[] cols = {1, 2, 2, 1};
        float[] want = new float[12];
        for (int y = 0; y < 3; y++) {
            for (int c = 0; c < 4; c++) {
                want[y * 4 + c] = rows[y] * cols[c];
            }
        }
        assertArrayEquals(want, x.getGradient().toFloatArray(), 0f);
    }
    @Test
    void unfoldMatchesANaiveLoop() {
        NDArray x = m.randomNormal(new Shape(1, 2, 5, 6));
        NDArray cols = NnOps.unfold(x, 3, 2, 1);
        int ho = (5 + 2 - 3) / 2 + 1, wo = (6 + 2 - 3) / 2 + 1;
        assertEquals(new Shape(1, 2 * 9, ho * wo), cols.getShape());
        float[] xv = x.toFloatArray();
        float[] cv = cols.toFloatArray();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int oy = 0; oy < ho; oy++) {
                        for (int ox = 0; ox < wo; ox++) {
                            int y = oy * 2 - 1 + i, xx = ox * 2 - 1 + j;
                            float want = y < 0 || y >= 5 || xx < 0 || xx >= 6 ? 0 : xv[(c * 5 + y) * 6 + xx];
                            float got = cv[((c * 9 + i * 3 + j) * ho + oy) * wo + ox];
                            assertEquals(want, got, 1e-6f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradientsFlowThroughTransposedConvolutionAndPadding() {
        NDArray w = m.randomNormal(new Shape(2, 3, 4, 4));
        NDArray x = m.randomNormal(new Shape(1, 2, 4, 4));
        w.setRequiresGradient(true);
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray y = NnOps.conv2dTranspose(NnOps.reflectPad(x, 1), w, null, 2, 1, 0, 1);
            gc.backward(y.square().sum());
        }
        assertEquals(w.getShape(), w.getGradient().getShape());
        assertEquals(true, w.getGradient().abs().sum().getFloat() > 0);
        assertEquals(true, x.getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void nearestResizeAndFlopCounting() {
        NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, NnOps.upsampleNearest(x, 2).toFloatArray(), 0f);
        assertArrayEquals(new float[] {1}, NnOps.downsampleNearest(x, 2).toFloatArray(), 0f);
        NDArray in = m.randomNormal(new Shape(2, 3, 8, 8));
        NDArray w = m.randomNormal(new Shape(4, 3, 3, 3));
        long flop = FlopCounter.count(() -> NnOps.conv2d(in, w, null, 1, 1, 1, 1));
        assertEquals(2L * 2 * 4 * 8 * 8 * 3 * 3 * 3, flop);
    }
}
