package org.inpaint.training.losses;

import static org.inpaint.training.testing.Tensors4.array;
import static org.inpaint.training.testing.Tensors4.assertClose;
import static org.inpaint.training.testing.Tensors4.at;
import static org.inpaint.training.testing.Tensors4.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.inpaint.testkit.TensorTest;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentationCrossEntropyTest extends TensorTest {

    private static final int N = 2, K = 3, S = 4;

    @Test
    void crossEntropyAgainstLabelsAtEveryScale() {
        SplittableRandom r = new SplittableRandom(14);
        int[] labels = new int[N * S * S];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(K);
        }
        NDArray target = SegmentationCrossEntropy.oneHot(m.create(labels, new Shape(N, S, S)), K);
        int[] sides = {4, 2};
        List<NDArray> logits = new java.util.ArrayList<>();
        double expected = 0;
        for (int s : sides) {
            float[] z = uniform(r, N * K * s * s, -3, 3);
            logits.add(array(m, z, N, K, s, s));
            int f = S / s;
            double sum = 0;
            for (int n = 0; n < N; n++) {
                for (int y = 0; y < S; y++) {
                    for (int x = 0; x < S; x++) {
                        double norm = 0;
                        for (int k = 0; k < K; k++) {
                            norm += Math.exp(z[at(n, k, y / f, x / f, K, s, s)]);
                        }
                        int label = labels[(n * S + y) * S + x];
                        sum -= z[at(n, label, y / f, x / f, K, s, s)] - Math.log(norm);
                    }
                }
            }
            expected += sum / (N * S * S);
        }
        assertClose(expected, SegmentationCrossEntropy.of(target, logits).getFloat(), "cross-entropy");
    }

    @Test
    void oneHotPutsClassesOnChannels() {
        NDArray t = SegmentationCrossEntropy.oneHot(m.create(new int[] {2, 0}, new Shape(1, 1, 2)), 3);
        assertArrayEquals(new long[] {1, 3, 1, 2}, t.getShape().getShape());
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, t.toFloatArray());
    }

    @Test
    void gradientIsSoftmaxMinusTarget() {
        float[] z = {1f, -1f, 0.5f};   // one pixel, three classes, label 2
        NDArray logits = array(m, z, 1, 3, 1, 1);
        logits.setRequiresGradient(true);
        NDArray target = array(m, new float[] {0, 0, 1}, 1, 3, 1, 1);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(SegmentationCrossEntropy.of(target, List.of(logits)));
        }
        double norm = Math.exp(1) + Math.exp(-1) + Math.exp(0.5);
        float[] g = logits.getGradient().toFloatArray();
        assertClose(Math.exp(1) / norm, g[0], "class 0");
        assertClose(Math.exp(-1) / norm, g[1], "class 1");
        assertClose(Math.exp(0.5) / norm - 1, g[2], "class 2 (the label)");
    }
}
