package org.inpaint.training.run;

import ai.djl.Model;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;
import org.inpaint.core.InpaintException;

/** Creates a paper's objective for a model name; found by ServiceLoader, so each paper's trainer stands alone. */
public interface ObjectiveFactory {

    /** The network name, as the engines use it ("deepfill", "lbam", ...). */
    String model();

    /**
     * @param model the DJL model that owns the generator and critics' native memory
     */
    Objective create(Model model, TrainingConfig config);

    /** The factory for {@code model}, or a BAD_INPUT error naming the models that can be trained. */
    static ObjectiveFactory forModel(String model) {
        List<ObjectiveFactory> all = StreamSupport.stream(ServiceLoader.load(ObjectiveFactory.class).spliterator(), false).toList();
        return all.stream().filter(f -> f.model().equals(model)).findFirst()
                .orElseThrow(() -> new InpaintException(InpaintException.Kind.BAD_INPUT, "model", "cannot train '" + model
                        + "'; trainable models: " + String.join(", ", all.stream().map(ObjectiveFactory::model).sorted().toList())));
    }
}
