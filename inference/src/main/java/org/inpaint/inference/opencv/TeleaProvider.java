package org.inpaint.inference.opencv;

import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;

/** Registers {@code telea}. */
public final class TeleaProvider implements EngineProvider {

    @Override
    public String name() {
        return "telea";
    }

    @Override
    public EngineInfo info() {
        return OpenCvInpaintEngine.Method.TELEA.info();
    }

    @Override
    public InpaintEngine create() {
        return new OpenCvInpaintEngine(OpenCvInpaintEngine.Method.TELEA, OpenCvInpaintEngine.DEFAULT_RADIUS);
    }
}
