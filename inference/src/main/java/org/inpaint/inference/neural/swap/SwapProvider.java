package org.inpaint.inference.neural.swap;

import org.inpaint.inference.neural.NeuralEngineProvider;

/** The "swap" engine: {@link SwapArchitecture} served with its trained weights. */
public final class SwapProvider extends NeuralEngineProvider {
    public SwapProvider() {
        super(new SwapArchitecture());
    }
}
