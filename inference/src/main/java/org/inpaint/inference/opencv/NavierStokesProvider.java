package org.inpaint.inference.opencv;

import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;

/** Registers {@code ns}. */
public final class NavierStokesProvider implements EngineProvider {

    @Override
    public String name() {
        return "ns";
    }

    @Override
    public EngineInfo info() {
        return OpenCvInpaintEngine.Method.NAVIER_STOKES.info();
    }

    @Override
    public InpaintEngine create() {
        return new OpenCvInpaintEngine(OpenCvInpaintEngine.Method.NAVIER_STOKES, OpenCvInpaintEngine.DEFAULT_RADIUS);
    }
}
