package org.inpaint.app.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.inpaint.core.InpaintException;

/**
 * Loads the configuration in layers, each overriding the one before:
 * <ol>
 *   <li>the defaults bundled in the jar ({@code inpaint/application.yaml}, from the config module);</li>
 *   <li>a YAML file: {@code --config FILE}, else {@code $INPAINT_CONFIG}, else {@code config/application.yaml} when
 *       it exists in the working directory;</li>
 *   <li>environment variables {@code INPAINT_<KEY_PATH>} (for {@code http.port}: {@code INPAINT_HTTP_PORT});</li>
 *   <li>command-line settings ({@code --port}, {@code --set key.path=value}).</li>
 * </ol>
 * Only keys that exist in the defaults can be set from the environment or the command line, and values are
 * parsed to the default's type, so a typo fails loudly instead of being ignored.
 */
public final class ConfigLoader {

    public static final String DEFAULTS_RESOURCE = "inpaint/application.yaml";
    private static final String ENV_PREFIX = "INPAINT_";

    private ConfigLoader() {
    }

    public static JsonObject load(Vertx vertx, Path file, Map<String, String> env, Map<String, String> cliSettings) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1)
                .addStore(yaml(DEFAULTS_RESOURCE, false));
        Path chosen = file != null ? file : env.containsKey("INPAINT_CONFIG") ? Path.of(env.get("INPAINT_CONFIG")) : null;
        if (chosen != null && !Files.isRegularFile(chosen)) {
            throw InpaintException.badInput("config", "configuration file " + chosen + " does not exist");
        }
        if (chosen == null && Files.isRegularFile(Path.of("config/application.yaml"))) {
            chosen = Path.of("config/application.yaml");
        }
        if (chosen != null) {
            options.addStore(yaml(chosen.toAbsolutePath().toString(), false));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        JsonObject config;
        try {
            config = retriever.getConfig().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw InpaintException.badInput("config", "cannot read configuration"
                    + (chosen == null ? "" : " from " + chosen) + ": " + e.getMessage());
        } finally {
            retriever.close();
        }
        applyEnvironment(config, env);
        applySettings(config, cliSettings);
        return config;
    }

    private static ConfigStoreOptions yaml(String path, boolean optional) {
        return new ConfigStoreOptions().setType("file").setFormat("yaml").setOptional(optional)
                .setConfig(new JsonObject().put("path", path));
    }

    /** The environment variable that sets {@code keyPath}: http.maxBodyBytes -> INPAINT_HTTP_MAX_BODY_BYTES. */
    public static String envName(String keyPath) {
        StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (char ch : keyPath.toCharArray()) {
            if (ch == '.') {
                sb.append('_');
            } else if (Character.isUpperCase(ch)) {
                sb.append('_').append(ch);
            } else {
                sb.append(Character.toUpperCase(ch));
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    static void applyEnvironment(JsonObject config, Map<String, String> env) {
        for (String key : leafKeys(config, "")) {
            String value = env.get(envName(key));
            if (value != null) {
                set(config, key, value, envName(key));
            }
        }
    }

    static void applySettings(JsonObject config, Map<String, String> settings) {
        List<String> known = leafKeys(config, "");
        settings.forEach((key, value) -> {
            if (!known.contains(key)) {
                throw InpaintException.badInput(key, "unknown configuration key '" + key + "'; known keys: "
                        + String.join(", ", known));
            }
            set(config, key, value, key);
        });
    }

    private static List<String> leafKeys(JsonObject obj, String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : obj.fieldNames()) {
            Object v = obj.getValue(k);
            if (v instanceof JsonObject child) {
                out.addAll(leafKeys(child, prefix + k + "."));
            } else {
                out.add(prefix + k);
            }
        }
        return out;
    }

    private static void set(JsonObject config, String keyPath, String raw, String source) {
        String[] parts = keyPath.split("\\.");
        JsonObject node = config;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.getJsonObject(parts[i]);
        }
        String leaf = parts[parts.length - 1];
        Object current = node.getValue(leaf);
        try {
            Object parsed;
            if (current instanceof Integer || current instanceof Long) {
                parsed = Long.parseLong(raw.trim());
            } else if (current instanceof Double || current instanceof Float) {
                parsed = Double.parseDouble(raw.trim());
            } else if (current instanceof Boolean) {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                parsed = Boolean.parseBoolean(raw);
            } else if (current instanceof io.vertx.core.json.JsonArray) {
                io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
                for (String item : raw.split(",")) {
                    if (!item.isBlank()) {
                        list.add(item.trim());
                    }
                }
                parsed = list; // a comma-separated list: INPAINT_PATHS_MEDIA=/srv/videos,/mnt/cams
            } else {
                parsed = raw;
            }
            node.put(leaf, parsed);
        } catch (NumberFormatException e) {
            throw InpaintException.badInput(source, source + "=" + raw + " is not a valid "
                    + current.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " for " + keyPath);
        }
    }
}
