package org.inpaint.app.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.core.engine.EngineInfo;
import org.inpaint.core.engine.EngineRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "engines", mixinStandardHelpOptions = true, description = "List the inpainting engines and whether each is ready.")
public final class EnginesCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String defaultEngine = config.load(Map.of()).inference().defaultEngine();
        PrintWriter out = spec.commandLine().getOut();
        EngineRegistry registry = EngineRegistry.load();
        if (json) {
            JsonArray list = new JsonArray();
            registry.infos().forEach(i -> list.add(JsonObject.mapFrom(i)));
            out.println(new JsonObject().put("engines", list).put("default", defaultEngine)
                    .put("auto", new org.inpaint.app.engines.RequestEngines(registry).describeAuto()).encodePrettily());
            return 0;
        }
        out.printf("%-12s %-10s %-8s %-6s %s%n", "ENGINE", "KIND", "WORKING", "READY", "DESCRIPTION");
        for (EngineInfo i : registry.infos()) {
            out.printf("%-12s %-10s %-8s %-6s %s%s%n", i.name(), i.kind().name().toLowerCase(),
                    i.workingSize() == 0 ? "native" : i.workingSize() + "px", i.ready() ? "yes" : "no", i.description(),
                    i.ready() ? "" : " (" + i.status() + ")");
        }
        out.printf("%-12s %-10s %-8s %-6s %s%n", "auto", "choice", "-", "yes",
                new org.inpaint.app.engines.RequestEngines(registry).describeAuto());
        out.println("default: " + defaultEngine);
        return 0;
    }
}
