package org.inpaint.inference.neural.csa;

import org.inpaint.inference.neural.NeuralEngineProvider;

/** The "csa" engine. */
public final class CsaProvider extends NeuralEngineProvider {
    public CsaProvider() {
        super(new CsaArchitecture());
    }
}
