package org.inpaint.inference.neural;

import java.util.Optional;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;

/**
 * Registers a network as an engine. It is ready only when trained weights exist in the configured
 * {@link WeightStore}; otherwise listing says so and selecting it fails with that reason, never with noise from
 * random weights.
 */
public abstract class NeuralEngineProvider implements EngineProvider {

    private final NetworkArchitecture architecture;

    protected NeuralEngineProvider(NetworkArchitecture architecture) {
        this.architecture = architecture;
    }

    public NetworkArchitecture architecture() {
        return architecture;
    }

    @Override
    public String name() {
        return architecture.name();
    }

    public Optional<StoredModel> weights() {
        return WeightStore.configured().latest(architecture.name());
    }

    @Override
    public EngineInfo info() {
        Optional<StoredModel> w = weights();
        String description = architecture.paper();
        if (w.isEmpty()) {
            String status = "no trained weights in " + WeightStore.configured().root().resolve(architecture.name())
                    + " (train with: ./inpaint train --model " + architecture.name() + ")";
            return new EngineInfo(name(), EngineKind.NEURAL, description, architecture.defaultSize(), architecture.preferredBatch(),
                    architecture.sizeMultiple(), "cpu", false, status);
        }
        StoredModel m = w.get();
        String status = "weights " + m.version() + ": width " + m.card().width() + ", " + m.card().steps()
                + " steps at " + m.card().inputSize() + "px on " + m.card().trainingData();
        return new EngineInfo(name(), EngineKind.NEURAL, description, m.card().inputSize(), architecture.preferredBatch(),
                architecture.sizeMultiple(), "cpu", true, status);
    }

    @Override
    public InpaintEngine create() {
        StoredModel m = weights().orElseThrow(() -> new IllegalStateException(info().status()));
        return new NeuralEngine(architecture, m, info());
    }
}
