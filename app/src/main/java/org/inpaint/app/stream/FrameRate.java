package org.inpaint.app.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/** Events per second over a sliding window (a stream's output frame rate). */
public final class FrameRate {

    private final long windowNanos;
    private final LongSupplier clock;
    private final ArrayDeque<Long> ticks = new ArrayDeque<>();

    public FrameRate(Duration window) {
        this(window, System::nanoTime);
    }

    FrameRate(Duration window, LongSupplier clock) {
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    public synchronized void tick() {
        long now = clock.getAsLong();
        ticks.addLast(now);
        forgetBefore(now - windowNanos);
    }

    /** Events in the window divided by the window's length (0 when there were none). */
    public synchronized double perSecond() {
        forgetBefore(clock.getAsLong() - windowNanos);
        return ticks.size() * 1e9 / windowNanos;
    }

    private void forgetBefore(long oldest) {
        while (!ticks.isEmpty() && ticks.peekFirst() < oldest) {
            ticks.removeFirst();
        }
    }
}
