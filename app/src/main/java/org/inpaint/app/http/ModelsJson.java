package org.inpaint.app.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;

/**
 * {@code GET /v1/models}: every neural engine with its paper and the model cards of its stored weight versions
 * (training data, steps, width, measured metrics, deviations from the paper); the newest version is served.
 */
final class ModelsJson {

    private final EngineRegistry registry;

    ModelsJson(EngineRegistry registry) {
        this.registry = registry;
    }

    JsonObject list() {
        WeightStore store = WeightStore.configured();
        JsonArray models = new JsonArray();
        for (String name : registry.names()) {
            EngineProvider provider = registry.provider(name);
            if (!(provider instanceof NeuralEngineProvider neural)) {
                continue;
            }
            List<StoredModel> versions = store.versions(name);
            JsonArray cards = new JsonArray();
            versions.forEach(v -> cards.add(card(v)));
            models.add(new JsonObject().put("name", name).put("paper", neural.architecture().paper())
                    .put("ready", !versions.isEmpty()).put("status", provider.info().status())
                    .put("served", versions.isEmpty() ? null : versions.get(versions.size() - 1).version())
                    .put("versions", cards));
        }
        return new JsonObject().put("weights", store.root().toAbsolutePath().toString()).put("models", models);
    }

    private static JsonObject card(StoredModel m) {
        ModelCard c = m.card();
        JsonObject metrics = new JsonObject();
        c.metrics().forEach(metrics::put);
        return new JsonObject().put("version", m.version()).put("architecture", c.architecture()).put("width", c.width())
                .put("inputSize", c.inputSize()).put("parameters", c.parameters()).put("trainingData", c.trainingData())
                .put("steps", c.steps()).put("createdAt", c.createdAt()).put("metrics", metrics)
                .put("deviations", new JsonArray(c.deviations()));
    }
}
