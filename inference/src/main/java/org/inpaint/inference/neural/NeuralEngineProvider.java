package org.inpaint.inference.neural;

import java.util.Optional;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineKind;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.inference.neural.ops.CpuFeatures;
import org.inpaint.inference.neural.ops.Precision;
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
        if (w.isEmpty()) {
            String status = "no trained weights in " + WeightStore.configured().root().resolve(architecture.name())
                    + " (train with: ./inpaint train --model " + architecture.name() + ")";
            return new EngineInfo(name(), EngineKind.NEURAL, architecture.paper(), architecture.defaultSize(),
                    architecture.preferredBatch(), architecture.sizeMultiple(), "cpu", false, status);
        }
        return info(w.get());
    }

    /** What this engine is when it serves {@code version}. */
    public EngineInfo info(StoredModel version) {
        String status = "weights " + version.version() + ": width " + version.card().width() + ", " + version.card().steps()
                + " steps at " + version.card().inputSize() + "px on " + version.card().trainingData()
                + (version.card().selfEnsembleSetting() == SelfEnsemble.NONE ? "" : "; " + version.card().selfEnsembleSetting().summary())
                + (version.card().rimTaperSetting().isNone() ? "" : "; " + version.card().rimTaperSetting().summary())
                + "; " + precisionSummary(NeuralEngine.precisionFor(architecture), architecture.servedPrecision(), CpuFeatures.local());
        return new EngineInfo(name(), EngineKind.NEURAL, architecture.paper(), version.card().inputSize(),
                architecture.preferredBatch(), architecture.sizeMultiple(), "cpu", true, status);
    }

    /** The arithmetic it serves in, and why not the measured best where this CPU would emulate that. */
    static String precisionSummary(Precision served, Precision measuredBest, CpuFeatures cpu) {
        return "in " + served.label() + (served != measuredBest && !measuredBest.isNativeOn(cpu)
                ? " (" + measuredBest.label() + " measured faster, but " + CpuFeatures.NO_BF16 + ")" : "");
    }

    @Override
    public InpaintEngine create() {
        return create(weights().orElseThrow(() -> new IllegalStateException(info().status())));
    }

    /** An engine serving {@code version}, a stored version of this network from any store (a candidate, say). */
    public InpaintEngine create(StoredModel version) {
        if (!version.network().equals(name())) {
            throw new IllegalArgumentException(version.directory() + " holds " + version.network() + ", not " + name());
        }
        return new NeuralEngine(architecture, version, info(version));
    }
}
