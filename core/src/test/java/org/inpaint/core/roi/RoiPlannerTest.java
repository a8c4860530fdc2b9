package org.inpaint.core.roi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.junit.jupiter.api.Test;

class RoiPlannerTest {

    private final RoiPlanner planner = new RoiPlanner(1.0, 16, 0.6);

    @Test
    void farApartHolesGetTheirOwnCropsWithContext() {
        Mask m = Mask.ofBoxes(2000, 1500, List.of(new Rect(100, 100, 20, 20), new Rect(1500, 1200, 30, 10)));
        List<Roi> rois = planner.plan(m, 0);
        assertEquals(2, rois.size());
        assertTrue(rois.contains(new Roi(new Rect(80, 80, 60, 60), 60, 60)));
        assertTrue(rois.contains(new Roi(new Rect(1470, 1170, 90, 70), 90, 70)));
    }

    @Test
    void overlappingCropsAreMerged() {
        Mask m = Mask.ofBoxes(2000, 1500, List.of(new Rect(100, 100, 20, 20), new Rect(150, 100, 20, 20)));
        List<Roi> rois = planner.plan(m, 0);
        assertEquals(1, rois.size());
        assertEquals(new Rect(80, 80, 110, 60), rois.get(0).crop());
    }

    @Test
    void cropsAreClippedToTheImage() {
        Mask m = Mask.ofBoxes(300, 300, List.of(new Rect(0, 0, 10, 10)));
        assertEquals(new Rect(0, 0, 26, 26), planner.plan(m, 0).get(0).crop());
    }

    @Test
    void cropsLargerThanTheWorkingSizeAreScaledDownKeepingAspect() {
        Mask m = Mask.ofBoxes(4000, 3000, List.of(new Rect(1000, 1000, 400, 200)));
        Roi roi = planner.plan(m, 256).get(0);
        assertEquals(new Rect(600, 600, 1200, 1000), roi.crop());
        assertEquals(256, roi.workWidth());
        assertEquals(213, roi.workHeight());
        assertTrue(roi.scaled());
    }

    @Test
    void mostlyCoveredImageBecomesOneWholeCrop() {
        Mask m = Mask.ofBoxes(100, 100, List.of(new Rect(30, 30, 40, 40)));
        Roi roi = planner.plan(m, 0).get(0);
        assertEquals(new Rect(0, 0, 100, 100), roi.crop());
        assertFalse(roi.scaled());
    }
}
