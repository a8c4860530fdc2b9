package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.inpaint.app.config.Settings;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.core.engine.InpaintEngine;
import org.inpaint.ingest.directory.ImageDirectory;
import org.inpaint.testkit.Samples;
import org.inpaint.training.eval.EvalRow;
import org.inpaint.training.eval.Evaluation;
import org.inpaint.training.eval.MeanFill;
import org.inpaint.training.eval.ResultsTable;
import org.inpaint.training.masks.HoleRatioBin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", description = {
    "Score engines on the same images with the same seeded free-form holes, per hole-ratio bin,",
    "with the papers' measures (L1, L2, PSNR, SSIM, TV), and write results.csv and results.md."})
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--engines", split = ",", paramLabel = "A,B", description = "Engines to score (default: telea,ns,patchmatch). 'mean-fill' adds the mean-colour floor.")
    List<String> engines = new ArrayList<>(List.of("mean-fill", "telea", "ns", "patchmatch"));

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of ground-truth images (default: the bundled sample photos).")
    Path data;

    @Option(names = "--limit", description = "Use at most this many images (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--seed", description = "Mask seed (default: ${DEFAULT-VALUE}).")
    long seed = 2018;

    @Option(names = "--out", paramLabel = "DIR", description = "Where results.csv and results.md go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("eval-results");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = config.load(Map.of());
        ImageCodec codec = new ImageCodec(settings.maxPixels());
        List<Evaluation.Sample> samples = new ArrayList<>();
        if (data == null) {
            for (String name : Samples.photos()) {
                samples.add(new Evaluation.Sample(name, codec.decode(Samples.photo(name), name).image()));
            }
        } else {
            for (Path p : ImageDirectory.list(data)) {
                samples.add(new Evaluation.Sample(p.getFileName().toString(), codec.read(p, p.getFileName().toString()).image()));
            }
        }
        if (samples.isEmpty()) {
            throw InpaintException.badInput("--data", "no images in " + data);
        }
        samples = samples.subList(0, Math.min(limit, samples.size()));
        EngineRegistry registry = EngineRegistry.load();
        Map<String, Supplier<InpaintEngine>> factories = new LinkedHashMap<>();
        for (String e : engines) {
            if (e.equals(MeanFill.NAME)) {
                factories.put(e, MeanFill::new);
            } else {
                registry.requireReady(e);
                factories.put(e, () -> registry.create(e));
            }
        }
        List<Evaluation.Case> cases = Evaluation.freeFormCases(samples, HoleRatioBin.PAPER_BINS, seed);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), cases.size() * factories.size());
        List<EvalRow> rows = Evaluation.run(cases, factories, settings.roiPlanner(), bar::step);
        ResultsTable.write(out, rows);
        PrintWriter w = spec.commandLine().getOut();
        w.println("inpaint eval: " + samples.size() + " images x " + HoleRatioBin.PAPER_BINS.size()
                + " free-form hole bins, seed " + seed);
        w.print(ResultsTable.markdown(rows));
        w.println("wrote " + out.resolve("results.csv") + " and " + out.resolve("results.md"));
        return 0;
    }
}
