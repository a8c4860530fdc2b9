package org.inpaint.inference.neural.lbam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.inpaint.inference.neural.ops.FlopCounter;
import org.inpaint.inference.neural.ops.NnOps;
import org.junit.jupiter.api.Test;

/** The polyphase transposed convolution must equal the shared one (values and both gradients). */
class PolyphaseConvTransposeTest {

    @Test
    void equalsTheZeroInsertionTransposedConvolutionWithGradients() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(21);
            for (int[] size : new int[][] {{1, 1}, {2, 3}, {5, 4}}) {
                NDArray x = m.randomNormal(new Shape(2, 6, size[0], size[1]));
                NDArray w = m.randomNormal(new Shape(6, 5, 4, 4));
                NDArray upstream = m.randomNormal(new Shape(2, 5, 2L * size[0], 2L * size[1]));
                x.setRequiresGradient(true);
                w.setRequiresGradient(true);
                float[] want;
                float[] wantDx;
                float[] wantDw;
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = NnOps.conv2dTranspose(x, w, null, 2, 1, 0, 1);
                    want = y.toFloatArray();
                    gc.backward(y.mul(upstream).sum());
                }
                wantDx = x.getGradient().toFloatArray();
                wantDw = w.getGradient().toFloatArray();
                // Fresh leaves: gradients accumulate across collectors.
                NDArray x2 = x.duplicate();
                NDArray w2 = w.duplicate();
                x2.setRequiresGradient(true);
                w2.setRequiresGradient(true);
                float[] got;
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray y = PolyphaseConvTranspose.apply(x2, w2);
                    assertEquals(new Shape(2, 5, 2L * size[0], 2L * size[1]), y.getShape());
                    got = y.toFloatArray();
                    gc.backward(y.mul(upstream).sum());
                }
                assertArrayEquals(want, got, 1e-4f);
                assertArrayEquals(wantDx, x2.getGradient().toFloatArray(), 1e-3f);
                assertArrayEquals(wantDw, w2.getGradient().toFloatArray(), 1e-3f);
            }
        }
    }

    @Test
    void countsAboutAQuarterOfTheZeroInsertionWork() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray x = m.randomNormal(new Shape(1, 8, 32, 32));
            NDArray w = m.randomNormal(new Shape(8, 4, 4, 4));
            long dense = FlopCounter.count(() -> NnOps.conv2dTranspose(x, w, null, 2, 1, 0, 1));
            long poly = FlopCounter.count(() -> PolyphaseConvTranspose.apply(x, w));
            long ideal = 2L * 8 * 4 * 16 * 32 * 32; // every input pixel meets every kernel tap once
            assertEquals(4 * ideal, dense);
            assertEquals(ideal * 33 * 33 / (32 * 32), poly);
        }
    }
}
