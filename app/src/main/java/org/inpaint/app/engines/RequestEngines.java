package org.inpaint.app.engines;

import java.util.LinkedHashSet;
import java.util.Set;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.image.Mask;
import org.inpaint.inference.auto.AutoEngine;

/**
 * Turns the engine a request names into the engine that runs it. A concrete name stays as it is; {@code "auto"}
 * becomes, for an image, the engine that measured best on the validation photos for its hole ratio
 * ({@link AutoEngine}), and for a video stream {@value #STREAM_AUTO}: a stream's background memory fills most holes
 * and the engine fills the rest frame after frame, where speed comes first.
 */
public final class RequestEngines {

    /** What "auto" runs for a stream. */
    public static final String STREAM_AUTO = "telea";

    private final EngineRegistry registry;
    private final AutoEngine auto;

    public RequestEngines(EngineRegistry registry) {
        this.registry = registry;
        this.auto = AutoEngine.from(registry);
    }

    public static boolean isAuto(String name) {
        return AutoEngine.NAME.equals(name);
    }

    /** The engine for an image request with these holes. */
    public String forImage(String requested, Mask holes) {
        return isAuto(requested) ? auto.choose(holes).engine() : requested;
    }

    /** Why {@link #forImage} chose what it did, for a response header or a log. */
    public String reason(String requested, Mask holes) {
        return isAuto(requested) ? auto.choose(holes).reason() : "asked for by name";
    }

    /** The engine for a video stream. */
    public static String forStream(String requested) {
        return isAuto(requested) ? STREAM_AUTO : requested;
    }

    /** Fails naming the engine unless it is "auto" or a ready engine. */
    public void requireKnown(String name) {
        if (!isAuto(name)) {
            registry.requireReady(name);
        }
    }

    /** Every engine "auto" may run for an image (for back-pressure over all of them). */
    public Set<String> candidates(String requested) {
        Set<String> out = new LinkedHashSet<>();
        if (!isAuto(requested)) {
            out.add(requested);
            return out;
        }
        out.add(AutoEngine.FLOOR);
        auto.bins().stream().filter(b -> b.engine() != null).forEach(b -> out.add(b.engine()));
        return out;
    }

    /** One line on what "auto" does now. */
    public String describeAuto() {
        return auto.describe();
    }
}
