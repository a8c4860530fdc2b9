package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.inference.auto.AutoEngine;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.Prefill;
import org.inpaint.inference.neural.SelfEnsemble;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.neural.weights.WeightStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "models", mixinStandardHelpOptions = true, subcommands = {ModelsPromoteCommand.class, ModelsHistoryCommand.class},
        description = "List the neural engines, their weights (versions, model cards) and whether each is ready; 'models promote' serves a newly trained version if it measures better.")
public final class ModelsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--float16", paramLabel = "NETWORK/VERSION", description = {
        "Rewrite that stored version's weights as float16 (half the bytes; serving converts them back to float32),",
        "e.g. lbam/v0005, then list."})
    String float16;

    @Override
    public Integer call() {
        config.load(Map.of());
        PrintWriter out = spec.commandLine().getOut();
        WeightStore store = WeightStore.configured();
        if (float16 != null) {
            compact(store, out);
        }
        out.println("weights directory: " + store.root().toAbsolutePath());
        for (NeuralEngineProvider p : org.inpaint.training.run.Architectures.providers()) {
            List<StoredModel> versions = store.versions(p.name());
            out.printf("%-10s %s%n", p.name(), p.architecture().paper());
            if (versions.isEmpty()) {
                out.printf("           not ready: %s%n", p.info().status());
                continue;
            }
            for (StoredModel m : versions) {
                out.printf("           %s%s width %.2f, %dpx, %d steps, %,d parameters%s%s; trained on %s%n", m.version(),
                        m == versions.get(versions.size() - 1) ? " (served)" : "", m.card().width(), m.card().inputSize(),
                        m.card().steps(), m.card().parameters(), settings(m.card()), gains(m.card()), m.card().trainingData());
            }
        }
        return 0;
    }

    /** The card's settings beyond the paper's network, as ", prefill ns, ..." (empty when none). */
    private static String settings(ModelCard card) {
        StringBuilder sb = new StringBuilder();
        if (card.prefillSetting() != Prefill.NONE) {
            sb.append(", prefill ").append(card.prefill());
        }
        if (card.layerPlan().normalisation() != Normalisation.NONE) {
            sb.append(", ").append(card.normalisation()).append(" normalisation");
        }
        if (card.layerPlan().headSkip() != HeadSkip.NONE) {
            sb.append(", image heads read the ").append(card.layerPlan().headSkip().label());
        }
        if (card.selfEnsembleSetting() != SelfEnsemble.NONE) {
            sb.append(", ").append(card.selfEnsembleSetting().summary());
        }
        if (!card.rimTaperSetting().isNone()) {
            sb.append(", ").append(card.rimTaperSetting().summary());
        }
        return sb.toString();
    }

    /** The measured PSNR over Navier-Stokes per bin, the figure promotion and "auto" go by (the rest is in card.json). */
    private static String gains(ModelCard card) {
        Map<String, Double> gains = card.psnrGainOver(AutoEngine.FLOOR);
        if (gains.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; PSNR over " + AutoEngine.FLOOR + ":");
        gains.forEach((bin, gain) -> sb.append(String.format(Locale.ROOT, " %s %+.2f", bin, gain)));
        return sb.toString();
    }

    private void compact(WeightStore store, PrintWriter out) {
        String[] parts = float16.split("/");
        NeuralEngineProvider provider = parts.length != 2 ? null : org.inpaint.training.run.Architectures.providers().stream()
                .filter(p -> p.name().equals(parts[0])).findFirst().orElse(null);
        String network = parts[0];
        StoredModel model = provider == null ? null
                : store.versions(network).stream().filter(m -> m.version().equals(parts[1])).findFirst().orElse(null);
        if (model == null) {
            throw InpaintException.badInput("--float16", "no stored version '" + float16 + "' (NETWORK/VERSION) under " + store.root());
        }
        var architecture = provider.architecture();
        long before = model.parameters().toFile().length();
        try (ai.djl.Model m = ai.djl.Model.newInstance(network, "PyTorch")) {
            WeightStore.storeAsFloat16(model, architecture.buildInto(m, model.card()), m.getNDManager());
        }
        out.printf("%s: %,d -> %,d bytes (float16)%n", float16, before, model.parameters().toFile().length());
    }
}
