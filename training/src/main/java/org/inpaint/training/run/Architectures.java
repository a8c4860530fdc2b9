package org.inpaint.training.run;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.inference.neural.NetworkArchitecture;
import org.inpaint.inference.neural.NeuralEngineProvider;

/** The generator architectures the engines register, by name. */
public final class Architectures {

    private Architectures() {
    }

    /** The engines that run a network, in the order the service loader finds them. */
    public static List<NeuralEngineProvider> providers() {
        return StreamSupport.stream(ServiceLoader.load(EngineProvider.class).spliterator(), false)
                .filter(p -> p instanceof NeuralEngineProvider).map(p -> (NeuralEngineProvider) p).toList();
    }

    public static NetworkArchitecture byName(String name) {
        return providers().stream()
                .filter(p -> p.name().equals(name))
                .map(NeuralEngineProvider::architecture)
                .findFirst()
                .orElseThrow(() -> new InpaintException(InpaintException.Kind.UNKNOWN_ENGINE, "model", "no network named '" + name + "'"));
    }
}
