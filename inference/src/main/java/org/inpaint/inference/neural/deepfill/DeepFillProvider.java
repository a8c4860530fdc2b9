package org.inpaint.inference.neural.deepfill;

import org.inpaint.inference.neural.NeuralEngineProvider;

/** The "deepfill" engine. */
public final class DeepFillProvider extends NeuralEngineProvider {

    public DeepFillProvider() {
        super(new DeepFillArchitecture());
    }
}
