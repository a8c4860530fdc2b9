package org.inpaint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.roi.RoiPlanner;
import org.inpaint.inference.neural.lbam.LbamArchitecture;
import org.junit.jupiter.api.Test;

/** The benchmark's own logic on a tiny network: it must keep working, and its batches must be the ones it claims. */
class SchedulerBenchmarkTest {

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] values = {4, 1, 3, 2};
        assertEquals(1.75, SchedulerBenchmark.quantile(values, 0.25), 1e-12);
        assertEquals(2.5, SchedulerBenchmark.quantile(values, 0.5), 1e-12);
        assertEquals(4, SchedulerBenchmark.quantile(values, 1), 1e-12);
        assertEquals(7, SchedulerBenchmark.quantile(new double[] {7}, 0.75), 1e-12);
    }

    @Test
    void aQueuedBurstIsServedInFullBatchesAndEveryPathIsMeasured() {
        StringBuilder report = new StringBuilder();
        List<SchedulerBenchmark.Row> rows = new SchedulerBenchmark(new LbamArchitecture(), 0.125, 128, 4, 1)
                .run(new int[] {1, 2}, report);

        assertEquals(2, rows.size());
        // a burst of 4 frames queued at once fills every batch (LBAM's own cap is above 2)
        assertEquals(1.0, rows.get(0).meanBatch(), 1e-12);
        assertEquals(2.0, rows.get(1).meanBatch(), 1e-12);
        for (SchedulerBenchmark.Row r : rows) {
            assertTrue(r.pipeline() > 0 && r.engine() > 0 && r.forward() > 0, r.toString());
            assertEquals(r.pipeline() / r.engine(), r.pairedRatio(), 1e-9, "one round: the paired ratio is that round's");
        }
        assertTrue(report.toString().contains("crop sent to the engine: 128x128"), report.toString());
    }

    @Test
    void theServingPathsOwnWorkIsMeasuredWithoutAnEngine() {
        RgbImage image = RgbImage.blank(128, 128);
        Mask mask = Mask.ofBoxes(128, 128, List.of(new Rect(40, 40, 30, 30)));
        double millis = SchedulerBenchmark.ownMillisPerFrame(RoiPlanner.withDefaults(), image, mask, 256);
        assertTrue(millis > 0 && millis < 1000, "own work per frame: " + millis + " ms");
    }
}
