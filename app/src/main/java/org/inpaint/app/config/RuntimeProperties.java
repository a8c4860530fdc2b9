package org.inpaint.app.config;

import org.inpaint.inference.neural.NeuralEngine;
import org.inpaint.inference.neural.weights.WeightStore;

/** Process-wide settings derived from the configuration, applied once before engines are created. */
public final class RuntimeProperties {

    private RuntimeProperties() {
    }

    public static void apply(Settings s) {
        // DJL must never download: its natives come from the Maven jars, unpacked into the cache dir.
        System.setProperty("ai.djl.offline", Boolean.toString(s.djl().offline()));
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", s.djl().cacheDir().toAbsolutePath().toString());
        }
        System.setProperty(WeightStore.LOCATION_PROPERTY, s.modelsDir().toAbsolutePath().toString());
        System.setProperty(NeuralEngine.PRECISION_PROPERTY, s.inference().precision());
        System.setProperty(NeuralEngine.SELF_ENSEMBLE_PROPERTY, s.inference().selfEnsemble());
    }
}
