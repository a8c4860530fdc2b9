package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.core.InpaintException;
import org.inpaint.inference.auto.AutoEngine;
import org.inpaint.inference.neural.HeadSkip;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.Normalisation;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.training.run.Architectures;
import org.inpaint.training.run.LearningCurves;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ./inpaint models history}: each network's stored versions as a curve of what their cards measured against
 * the training steps behind them, the view that shows where a network's gains flatten. A network's versions with
 * one width and layer plan form one lineage (each continues or warm-starts from the one before, as the cards say);
 * another width or layer plan started again from random weights.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print each stored version's PSNR gain over Navier-Stokes per bin (from its card) against its training "
                + "steps, and plot the worst bin's gain per network and width.")
public final class ModelsHistoryCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--out", paramLabel = "FILE", description = "Also plot the worst bin's gain against training steps to this PNG.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        config.load(Map.of());
        PrintWriter w = spec.commandLine().getOut();
        WeightStore store = WeightStore.configured();
        Map<String, List<LearningCurves.Point>> lineages = new LinkedHashMap<>();
        for (NeuralEngineProvider p : Architectures.providers()) {
            for (StoredModel m : store.versions(p.name())) {
                Map<String, Double> gains = m.card().psnrGainOver(AutoEngine.FLOOR);
                if (gains.isEmpty()) {
                    w.printf(Locale.ROOT, "%-9s %s %,7d steps  width %.3f  no measured table%n", p.name(), m.version(),
                            m.card().steps(), m.card().width());
                    continue;
                }
                double worst = gains.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
                double mean = gains.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                StringBuilder bins = new StringBuilder();
                gains.forEach((bin, gain) -> bins.append(String.format(Locale.ROOT, " %s %+.2f", bin, gain)));
                w.printf(Locale.ROOT, "%-9s %s %,7d steps  width %.3f  worst %+.2f  mean %+.2f dB over %s:%s%n", p.name(),
                        m.version(), m.card().steps(), m.card().width(), worst, mean, AutoEngine.FLOOR, bins);
                lineages.computeIfAbsent(lineage(p.name(), m.card()), k -> new ArrayList<>()).add(new LearningCurves.Point(m.card().steps(), 0, worst));
            }
        }
        if (out != null) {
            if (lineages.isEmpty()) {
                throw InpaintException.badInput("--out", "no stored version under " + store.root() + " has a measured table to plot");
            }
            List<LearningCurves.Curve> curves = lineages.entrySet().stream()
                    .map(e -> new LearningCurves.Curve(e.getKey(), e.getValue())).toList();
            LearningCurves.write(curves, out, LearningCurves.XAxis.thousandsOfSteps(
                    "thousands of training steps behind the version (its warm starts' included)"),
                    "the worst bin's PSNR gain over Navier-Stokes on the val photos, each stored version (dB)");
            w.println("wrote " + out);
        }
        return 0;
    }

    /** "swap w0.5 instance encoder": the network, its width and the layer plan settings that are not "none". */
    static String lineage(String network, ModelCard card) {
        StringBuilder sb = new StringBuilder(network).append(" w")
                .append(new java.math.BigDecimal(Double.toString(card.width())).stripTrailingZeros().toPlainString());
        if (card.layerPlan().normalisation() != Normalisation.NONE) {
            sb.append(' ').append(card.normalisation());
        }
        if (card.layerPlan().headSkip() != HeadSkip.NONE) {
            sb.append(" skip ").append(card.layerPlan().headSkip().label());
        }
        return sb.toString();
    }
}
