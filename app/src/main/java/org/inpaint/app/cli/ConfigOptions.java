package org.inpaint.app.cli;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.inpaint.app.config.ConfigLoader;
import org.inpaint.app.config.RuntimeProperties;
import org.inpaint.app.config.Settings;
import picocli.CommandLine.Option;

/** Options every command shares: where the configuration comes from and single-key overrides. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration merged over the defaults.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one configuration key, e.g. --set inference.workers=4.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Loads the layered configuration with {@code extra} settings applied last. */
    public Settings load(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putAll(extra);
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject json = ConfigLoader.load(vertx, configFile, System.getenv(), all);
            Settings s = Settings.from(json);
            RuntimeProperties.apply(s);
            return s;
        } finally {
            vertx.close();
        }
    }
}
