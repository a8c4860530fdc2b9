package org.inpaint.core.engine;

/**
 * Service-provider interface through which engines are discovered ({@link java.util.ServiceLoader}, file
 * {@code META-INF/services/org.inpaint.core.engine.EngineProvider}). A provider is cheap to construct; the
 * engine itself (which may load weights) is created only when asked for.
 */
public interface EngineProvider {

    /** The engine's name, as in {@link EngineInfo#name()}. */
    String name();

    /** Describes the engine without creating it (readiness included). */
    EngineInfo info();

    /** Creates a new engine instance; each worker thread owns one. */
    InpaintEngine create();
}
