package org.inpaint.training.run;

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

    public static NetworkArchitecture byName(String name) {
        return StreamSupport.stream(ServiceLoader.load(EngineProvider.class).spliterator(), false)
                .filter(p -> p instanceof NeuralEngineProvider && p.name().equals(name))
                .map(p -> ((NeuralEngineProvider) p).architecture())
                .findFirst()
                .orElseThrow(() -> new InpaintException(InpaintException.Kind.UNKNOWN_ENGINE, "model", "no network named '" + name + "'"));
    }
}
