package org.inpaint.inference.neural.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.OptionalLong;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

class InstanceNormOpsTest extends TensorTest {

    @Override
    protected OptionalLong seed() {
        return OptionalLong.of(31);
    }

    /** Kernels rearranged from a parameter on every forward must be freed with the forward's scope. */
    @Test
    void perCallKernelsBelongToTheInputsScope() {
        NDArray w = m.randomNormal(new Shape(3, 4, 4, 4));
        NDArray w3 = m.randomNormal(new Shape(3, 4, 3, 3));
        NDArray gamma = m.randomNormal(new Shape(3));
        NDArray beta = m.randomNormal(new Shape(3));
        NDArray bias = m.randomNormal(new Shape(4));
        int before = m.getManagedArrays().size();
        try (NDManager scope = m.newSubManager()) {
            NDArray x = scope.randomNormal(new Shape(2, 3, 4, 4));
            NnOps.conv2dTranspose(x, w, bias, 2, 1, 0, 1);
            NnOps.conv2dTranspose(x, w3, bias, 1, 1, 0, 1);
            NnOps.instanceNorm(x, gamma, beta, 1e-5f);
        }
        assertEquals(before, m.getManagedArrays().size());
    }

    @Test
    void fusedInstanceNormEqualsThePlainFormulaWithGradients() {
        NDArray x0 = m.randomNormal(new Shape(3, 4, 5, 6)).mul(2).add(1);
        NDArray gamma0 = m.randomNormal(new Shape(4));
        NDArray beta0 = m.randomNormal(new Shape(4));
        NDArray r = m.randomNormal(new Shape(3, 4, 5, 6));
        float[][] results = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            NDArray x = x0.duplicate();
            NDArray gamma = gamma0.duplicate();
            NDArray beta = beta0.duplicate();
            x.setRequiresGradient(true);
            gamma.setRequiresGradient(true);
            beta.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                if (variant == 0) {
                    NDArray flat = x.reshape(3, 4, 30);
                    NDArray centred = flat.sub(flat.mean(new int[] {2}, true));
                    NDArray var = centred.square().mean(new int[] {2}, true);
                    y = centred.div(var.add(1e-5f).sqrt()).reshape(3, 4, 5, 6)
                            .mul(gamma.reshape(1, 4, 1, 1)).add(beta.reshape(1, 4, 1, 1));
                } else {
                    y = NnOps.instanceNorm(x, gamma, beta, 1e-5f);
                }
                gc.backward(y.mul(r).sum());
            }
            results[variant] = concat(y.toFloatArray(), x.getGradient().toFloatArray(), gamma.getGradient().toFloatArray(),
                    beta.getGradient().toFloatArray());
        }
        assertArrayEquals(results[0], results[1], 1e-4f);
    }

    @Test
    void withoutScaleAndShiftEachPlaneHasZeroMeanAndUnitVariance() {
        NDArray x = m.randomNormal(new Shape(2, 3, 7, 5)).mul(3).add(4);
        NDArray flat = NnOps.instanceNorm(x, 1e-5f).reshape(6, 35);
        float[] means = flat.mean(new int[] {1}).toFloatArray();
        float[] variances = flat.square().mean(new int[] {1}).toFloatArray();
        for (int plane = 0; plane < 6; plane++) {
            assertEquals(0f, means[plane], 1e-5f, "mean of plane " + plane);
            assertEquals(1f, variances[plane], 1e-3f, "variance of plane " + plane);
        }
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] r = new float[n];
        int k = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, r, k, p.length);
            k += p.length;
        }
        return r;
    }
}
