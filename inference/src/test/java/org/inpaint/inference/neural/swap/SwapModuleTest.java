package org.inpaint.inference.neural.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.inpaint.testkit.TensorTest;
import org.junit.jupiter.api.Test;

/** The class map SWAP splits the features by: argmax of the segmentation probabilities on the attention grid. */
class SwapModuleTest extends TensorTest {

    @Test
    void finerProbabilitiesAreAveragedPerCellBeforeTheArgmax() {
        // 2 classes on a 4×4 map, grid 2×2: the top-left cell has class 1 at one pixel out of four with p = 0.9,
        // mean p(class 1) = 0.9/4 + 3·0.2/4 = 0.375 < 0.5, so the cell is class 0 although one pixel says 1
        float[] p1 = {
            0.9f, 0.2f, 0.8f, 0.8f,
            0.2f, 0.2f, 0.8f, 0.8f,
            0.1f, 0.1f, 0.6f, 0.7f,
            0.1f, 0.1f, 0.6f, 0.6f};
        float[] both = new float[32];
        for (int i = 0; i < 16; i++) {
            both[i] = 1 - p1[i];
            both[16 + i] = p1[i];
        }
        NDArray prob = m.create(both, new Shape(1, 2, 4, 4));
        assertArrayEquals(new long[] {0, 1, 0, 1}, SwapModule.classGrid(prob, 2).toLongArray());
    }

    @Test
    void coarserProbabilitiesAreRepeatedOverTheGrid() {
        NDArray prob = m.create(new float[] {0.9f, 0.1f, 0.1f, 0.9f}, new Shape(1, 2, 1, 2));
        assertArrayEquals(new long[] {0, 0, 1, 1, 0, 0, 1, 1}, SwapModule.classGrid(prob, 2).toLongArray());
    }
}
