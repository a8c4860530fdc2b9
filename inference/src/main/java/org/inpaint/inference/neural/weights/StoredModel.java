package org.inpaint.inference.neural.weights;

import java.nio.file.Path;

/** One version of a network's weights on disk: its directory, parameter file and card. */
public record StoredModel(String network, String version, Path directory, ModelCard card) {

    public Path parameters() {
        return directory.resolve(WeightStore.PARAMETERS);
    }
}
