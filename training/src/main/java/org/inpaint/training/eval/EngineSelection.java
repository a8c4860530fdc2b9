package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import org.inpaint.core.InpaintException;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;

/**
 * The engines an evaluation runs, resolved from names: those ready to run, and those that are not (a network
 * without trained weights) with the reason. An engine that is not ready is an error unless the caller asked to
 * skip such engines, in which case it is listed as skipped in every table; it is never dropped silently.
 * {@value MeanFill#NAME} names the mean-colour floor, which is not a registered engine.
 */
public record EngineSelection(List<Choice> ready, List<Skipped> skipped) {

    /** A ready engine: its name and a factory of fresh instances. */
    public record Choice(String name, Supplier<InpaintEngine> factory) {
    }

    /** An engine that could not run, and why. */
    public record Skipped(String name, String reason) {
    }

    public EngineSelection {
        ready = List.copyOf(ready);
        skipped = List.copyOf(skipped);
    }

    /**
     * @throws InpaintException UNKNOWN_ENGINE for a name no provider has; ENGINE_UNAVAILABLE naming the engine and
     *                          why it is not ready, unless {@code skipUnready}
     */
    public static EngineSelection resolve(EngineRegistry registry, List<String> names, boolean skipUnready) {
        List<Choice> ready = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            if (name.equals(MeanFill.NAME)) {
                ready.add(new Choice(name, MeanFill::new));
                continue;
            }
            EngineInfo info = registry.provider(name).info();
            if (info.ready()) {
                ready.add(new Choice(name, () -> registry.create(name)));
            } else if (skipUnready) {
                skipped.add(new Skipped(name, info.status()));
            } else {
                throw new InpaintException(InpaintException.Kind.ENGINE_UNAVAILABLE, "--engines",
                        "engine '" + name + "' cannot run: " + info.status()
                                + "; leave it out of --engines, or pass --skip-unready to list it as skipped");
            }
        }
        if (ready.isEmpty()) {
            throw new InpaintException(InpaintException.Kind.ENGINE_UNAVAILABLE, "--engines",
                    "none of the engines " + names + " can run" + (skipped.isEmpty() ? "" : ": " + describe(skipped)));
        }
        return new EngineSelection(ready, skipped);
    }

    public static String describe(List<Skipped> skipped) {
        StringBuilder sb = new StringBuilder();
        for (Skipped s : skipped) {
            sb.append(sb.length() == 0 ? "" : "; ").append(s.name()).append(" (").append(s.reason()).append(')');
        }
        return sb.toString();
    }
}
