package org.inpaint.inference.patchmatch;

import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;

/** Registers {@code patchmatch}. */
public final class PatchMatchProvider implements EngineProvider {

    @Override
    public String name() {
        return PatchMatchEngine.NAME;
    }

    @Override
    public EngineInfo info() {
        return PatchMatchEngine.describe();
    }

    @Override
    public InpaintEngine create() {
        return new PatchMatchEngine();
    }
}
