package org.inpaint.inference.neural.lbam;

import org.inpaint.inference.neural.NeuralEngineProvider;

/** The "lbam" engine: {@link LbamArchitecture} served with trained weights from the weight store. */
public final class LbamProvider extends NeuralEngineProvider {
    public LbamProvider() {
        super(new LbamArchitecture());
    }
}
