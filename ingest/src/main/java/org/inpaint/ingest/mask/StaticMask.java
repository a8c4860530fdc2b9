package org.inpaint.ingest.mask;

import java.util.concurrent.atomic.AtomicReference;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/** The same region in every frame; replaceable while the stream runs. */
public final class StaticMask implements MaskProvider {

    private final AtomicReference<Mask> mask;

    public StaticMask(Mask mask) {
        this.mask = new AtomicReference<>(mask);
    }

    public void replace(Mask next) {
        mask.set(next);
    }

    public Mask current() {
        return mask.get();
    }

    @Override
    public Mask maskFor(RgbImage frame) {
        Mask m = mask.get();
        if (m.width() != frame.width() || m.height() != frame.height()) {
            throw InpaintException.badInput("mask", "the stream's mask is " + m.width() + "x" + m.height()
                    + " but its frames are " + frame.width() + "x" + frame.height());
        }
        return m;
    }
}
