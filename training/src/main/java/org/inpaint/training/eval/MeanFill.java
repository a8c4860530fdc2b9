package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.RgbImage;

/**
 * The floor every engine must clear: each hole is filled with the mean colour of the known pixels. Used as a
 * reference row in evaluations; it is not offered as an engine to users.
 */
public final class MeanFill implements InpaintEngine {

    public static final String NAME = "mean-fill";

    @Override
    public EngineInfo info() {
        return EngineInfo.classical(NAME, "mean colour of the known pixels (reference floor)", 0);
    }

    @Override
    public List<RgbImage> inpaint(List<EngineInput> batch) {
        List<RgbImage> out = new ArrayList<>();
        for (EngineInput in : batch) {
            byte[] src = in.image().data();
            byte[] holes = in.mask().data();
            long[] sum = new long[3];
            long n = 0;
            for (int i = 0; i < holes.length; i++) {
                if (holes[i] == 0) {
                    for (int c = 0; c < 3; c++) {
                        sum[c] += src[3 * i + c] & 0xFF;
                    }
                    n++;
                }
            }
            RgbImage filled = in.image().copy();
            byte[] dst = filled.data();
            for (int i = 0; i < holes.length; i++) {
                if (holes[i] != 0) {
                    for (int c = 0; c < 3; c++) {
                        dst[3 * i + c] = (byte) (n == 0 ? 0 : Math.round(sum[c] / (double) n));
                    }
                }
            }
            out.add(filled);
        }
        return out;
    }
}
