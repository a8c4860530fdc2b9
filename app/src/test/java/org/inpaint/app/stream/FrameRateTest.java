package org.inpaint.app.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FrameRateTest {

    @Test
    void countsTheTicksOfTheLastWindowOnly() {
        AtomicLong now = new AtomicLong();
        FrameRate rate = new FrameRate(Duration.ofSeconds(2), now::get);
        assertEquals(0, rate.perSecond());
        for (int i = 0; i < 20; i++) {
            now.addAndGet(100_000_000); // 10 frames per second for 2 s
            rate.tick();
        }
        assertEquals(10, rate.perSecond(), 1e-9);
        now.addAndGet(1_050_000_000);
        assertEquals(5, rate.perSecond(), 1e-9, "half of the window has passed without frames");
        now.addAndGet(5_000_000_000L);
        assertEquals(0, rate.perSecond());
    }
}
