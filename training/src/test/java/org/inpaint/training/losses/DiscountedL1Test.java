package org.inpaint.training.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.junit.jupiter.api.Test;

class DiscountedL1Test {

    @Test
    void weightsAreGammaToTheEuclideanDistanceToTheNearestKnownPixel() {
        Mask mask = Mask.ofBoxes(20, 16, List.of(new Rect(3, 2, 11, 9), new Rect(12, 9, 6, 6)));
        float[] w = DiscountedL1.weights(mask, 0.9f);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 20; x++) {
                double expected = 0;
                if (mask.isHole(x, y)) {
                    double nearest = Double.MAX_VALUE;
                    for (int v = 0; v < 16; v++) {
                        for (int u = 0; u < 20; u++) {
                            if (!mask.isHole(u, v)) {
                                nearest = Math.min(nearest, Math.hypot(u - x, v - y));
                            }
                        }
                    }
                    expected = Math.pow(0.9, nearest);
                }
                assertEquals(expected, w[y * 20 + x], 1e-5, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void lossIsTheDiscountedErrorPerHolePixelAndChannel() {
        // a 1x4 image, holes at x = 1, 2 (distance 1 to the known pixels at 0 and 3): weights gamma, gamma
        Mask mask = new Mask(4, 1, new byte[] {0, 1, 1, 0});
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray out = m.create(new float[] {0, 0.5f, -0.5f, 1, /* g */ 0, 0, 0, 0, /* b */ 0, 0, 0, 0}, new Shape(1, 3, 1, 4));
            NDArray truth = m.zeros(new Shape(1, 3, 1, 4));
            NDArray weights = DiscountedL1.weights(m, List.of(mask), 0.99f);
            NDArray holes = m.create(new float[] {0, 1, 1, 0}, new Shape(1, 1, 1, 4));
            // sum = 0.99 * 0.5 + 0.99 * 0.5 (the known pixel's error of 1 weighs 0); 2 hole pixels x 3 channels
            assertEquals(0.99 / 6, DiscountedL1.loss(out, truth, weights, holes).getFloat(), 1e-6);
        }
    }
}
