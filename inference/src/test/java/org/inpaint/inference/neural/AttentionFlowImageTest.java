package org.inpaint.inference.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class AttentionFlowImageTest {

    private static int[] pixel(RgbImage img, int x, int y) {
        byte[] d = img.data();
        int i = 3 * (y * img.width() + x);
        return new int[] {d[i] & 0xFF, d[i + 1] & 0xFF, d[i + 2] & 0xFF};
    }

    @Test
    void colourWheelFollowsTheStandardCoding() {
        assertArrayEquals(new int[] {255, 255, 255}, AttentionFlowImage.colour(0, 0));
        // Middlebury: rightward flow is red, upward (dy < 0) is green-yellow... as the reference code gives
        assertArrayEquals(new int[] {255, 0, 0}, AttentionFlowImage.colour(1, 0));
        int[] left = AttentionFlowImage.colour(-1, 0);
        int[] down = AttentionFlowImage.colour(0, 1);
        int[] up = AttentionFlowImage.colour(0, -1);
        assertNotEquals(left[0] + "," + left[1] + "," + left[2], down[0] + "," + down[1] + "," + down[2]);
        assertNotEquals(up[0] + "," + up[1] + "," + up[2], down[0] + "," + down[1] + "," + down[2]);
        // half the length: half way to white
        int[] half = AttentionFlowImage.colour(0.5, 0);
        assertArrayEquals(new int[] {255, 128, 128}, half);
    }

    @Test
    void rendersHolesUpsampledByNearestAndKnownPixelsWhite() {
        // 2×2 flow grid for a 8×8 image: cell (0,1) points right by 2, cell (1,0) left by 1
        float[] flow = new float[8];
        flow[4 + 1] = 2;   // dx of cell (0, 1)
        flow[4 + 2] = -1;  // dx of cell (1, 0)
        Mask holes = Mask.ofBoxes(8, 8, List.of(new Rect(0, 0, 8, 8)));
        RgbImage img = AttentionFlowImage.render(flow, 2, 2, holes);
        assertEquals(8, img.width());
        assertArrayEquals(new int[] {255, 0, 0}, pixel(img, 4, 0));
        assertArrayEquals(new int[] {255, 0, 0}, pixel(img, 7, 3));
        assertArrayEquals(AttentionFlowImage.colour(-0.5, 0), pixel(img, 0, 4));
        assertArrayEquals(new int[] {255, 255, 255}, pixel(img, 0, 0));

        Mask part = Mask.ofBoxes(8, 8, List.of(new Rect(4, 0, 4, 4)));
        RgbImage partial = AttentionFlowImage.render(flow, 2, 2, part);
        assertArrayEquals(new int[] {255, 0, 0}, pixel(partial, 5, 1));
        assertArrayEquals(new int[] {255, 255, 255}, pixel(partial, 0, 4), "known pixels are white");
    }
}
