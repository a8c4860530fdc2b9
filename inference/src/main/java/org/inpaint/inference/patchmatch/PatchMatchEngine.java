package org.inpaint.inference.patchmatch;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineInput;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.core.image.RgbImage;

/**
 * Multi-scale PatchMatch completion, the classical exemplar-based baseline: fills each hole with patches copied
 * from the known part of the same image. Pixels outside the hole come back byte-identical.
 */
public final class PatchMatchEngine implements InpaintEngine {

    public static final String NAME = "patchmatch";
    static final int WORKING_SIZE = 1024;

    private final PatchMatchCompletion completion;

    public PatchMatchEngine() {
        this(PatchMatchSettings.defaults());
    }

    public PatchMatchEngine(PatchMatchSettings settings) {
        this.completion = new PatchMatchCompletion(settings);
    }

    public static EngineInfo describe() {
        return EngineInfo.classical(NAME,
                "Multi-scale PatchMatch completion (Barnes et al. 2009, Wexler et al. 2007)", WORKING_SIZE);
    }

    @Override
    public EngineInfo info() {
        return describe();
    }

    @Override
    public List<RgbImage> inpaint(List<EngineInput> batch) {
        List<RgbImage> out = new ArrayList<>(batch.size());
        for (EngineInput in : batch) {
            out.add(completion.complete(in.image(), in.mask()));
        }
        return out;
    }
}
