package org.inpaint.core.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.inpaint.core.InpaintException;

/** The engines found on the class path, by name. */
public final class EngineRegistry {

    private final Map<String, EngineProvider> providers;

    private EngineRegistry(Map<String, EngineProvider> providers) {
        this.providers = Collections.unmodifiableMap(providers);
    }

    /** Discovers every {@link EngineProvider} on the class path. */
    public static EngineRegistry load() {
        return of(ServiceLoader.load(EngineProvider.class));
    }

    public static EngineRegistry of(Iterable<? extends EngineProvider> found) {
        Map<String, EngineProvider> byName = new TreeMap<>();
        for (EngineProvider p : found) {
            EngineProvider previous = byName.putIfAbsent(p.name(), p);
            if (previous != null) {
                throw new IllegalStateException("two engines are named '" + p.name() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new EngineRegistry(byName);
    }

    public List<String> names() {
        return new ArrayList<>(providers.keySet());
    }

    public List<EngineInfo> infos() {
        return providers.values().stream().map(EngineProvider::info).toList();
    }

    /** The provider named {@code name}; an {@link InpaintException} naming the known engines when there is none. */
    public EngineProvider provider(String name) {
        EngineProvider p = name == null ? null : providers.get(name);
        if (p == null) {
            throw new InpaintException(InpaintException.Kind.UNKNOWN_ENGINE, "engine",
                    "unknown engine '" + name + "'; known engines: " + String.join(", ", names()));
        }
        return p;
    }

    /** The engine's info; UNKNOWN_ENGINE or ENGINE_UNAVAILABLE (for example a network without weights) otherwise. */
    public EngineInfo requireReady(String name) {
        EngineInfo info = provider(name).info();
        if (!info.ready()) {
            throw new InpaintException(InpaintException.Kind.ENGINE_UNAVAILABLE, "engine",
                    "engine '" + name + "' is not ready: " + info.status());
        }
        return info;
    }

    /** A new instance of the engine, after {@link #requireReady}. */
    public InpaintEngine create(String name) {
        requireReady(name);
        return provider(name).create();
    }
}
