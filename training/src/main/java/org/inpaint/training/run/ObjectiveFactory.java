package org.inpaint.training.run;

import ai.djl.Model;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.inpaint.core.InpaintException;

/** Creates a paper's objective for a model name; found by ServiceLoader, so each paper's trainer stands alone. */
public interface ObjectiveFactory {

    /** What {@link #model()} returns for an objective that trains any network. */
    String ANY_MODEL = "*";

    /** The network name, as the engines use it ("deepfill", "lbam", ...), or {@link #ANY_MODEL}. */
    String model();

    /** The objective's family: "paper" for a paper's own objective. */
    default String recipe() {
        return "paper";
    }

    /**
     * @param model the DJL model that owns the generator and critics' native memory
     */
    Objective create(Model model, TrainingConfig config);

    /** The factory for {@code model}, or a BAD_INPUT error naming the models that can be trained. */
    static ObjectiveFactory forModel(String model) {
        return forModel(model, "paper");
    }

    /** The factory of {@code recipe} for {@code model}, or a BAD_INPUT error naming what can be trained. */
    static ObjectiveFactory forModel(String model, String recipe) {
        List<ObjectiveFactory> all = StreamSupport.stream(ServiceLoader.load(ObjectiveFactory.class).spliterator(), false).toList();
        List<ObjectiveFactory> papers = all.stream().filter(f -> !f.model().equals(ANY_MODEL)).toList();
        boolean known = papers.stream().anyMatch(f -> f.model().equals(model));
        return all.stream().filter(f -> known && f.recipe().equals(recipe) && (f.model().equals(model) || f.model().equals(ANY_MODEL)))
                .findFirst()
                .orElseThrow(() -> new InpaintException(InpaintException.Kind.BAD_INPUT, "model", "cannot train '" + model
                        + "'; trainable models: " + String.join(", ", papers.stream().map(ObjectiveFactory::model).sorted().toList())));
    }
}
