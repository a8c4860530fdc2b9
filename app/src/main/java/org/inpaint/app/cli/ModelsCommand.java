package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List the neural engines, their weights (versions, model cards) and whether each is ready.")
public final class ModelsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        WeightStore store = WeightStore.configured();
        out.println("weights directory: " + store.root().toAbsolutePath());
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (!(p instanceof NeuralEngineProvider neural)) {
                continue;
            }
            List<StoredModel> versions = store.versions(p.name());
            out.printf("%-10s %s%n", p.name(), neural.architecture().paper());
            if (versions.isEmpty()) {
                out.printf("           not ready: %s%n", p.info().status());
                continue;
            }
            for (StoredModel m : versions) {
                out.printf("           %s%s width %.2f, %dpx, %d steps, %,d parameters, trained on %s%s%n", m.version(),
                        m == versions.get(versions.size() - 1) ? " (served)" : "", m.card().width(), m.card().inputSize(),
                        m.card().steps(), m.card().parameters(), m.card().trainingData(),
                        m.card().metrics().isEmpty() ? "" : "; " + m.card().metrics());
            }
        }
        return 0;
    }
}
