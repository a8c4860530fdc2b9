package org.inpaint.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.inpaint.app.config.Settings;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineProvider;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.inference.neural.NeuralEngineProvider;
import org.inpaint.inference.neural.RimTaper;
import org.inpaint.inference.neural.SelfEnsemble;
import org.inpaint.inference.neural.weights.ModelCard;
import org.inpaint.inference.neural.weights.StoredModel;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.training.eval.CardMetrics;
import org.inpaint.training.eval.EngineSelection;
import org.inpaint.training.eval.EvalRow;
import org.inpaint.training.eval.Evaluation;
import org.inpaint.training.eval.Framing;
import org.inpaint.training.eval.Promotion;
import org.inpaint.training.eval.Report;
import org.inpaint.training.eval.ResultsTable;
import org.inpaint.training.masks.HoleRatioBin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true, description = {
    "Serve a newly trained version (a run's export, RUN/model/NETWORK/v0001, see 'train --export-best') only if it",
    "measures better. On the photos of --data with the seeded free-form holes of 'eval', it must be above Navier-Stokes",
    "(PSNR) at every hole-ratio bin, and above the served version over the bins by --min-gain. Then it is copied into the models",
    "directory as the next version, as float16 when that costs under 0.05 dB at every bin, with the measured table",
    "in its card (what the 'auto' engine reads). Exit code 1 when it is not promoted."})
public final class ModelsPromoteCommand implements Callable<Integer> {

    static final String FLOOR = "ns";
    /** The most PSNR float16 storage may cost at any bin. */
    static final double FLOAT16_TOLERANCE_DB = 0.05;

    @Mixin
    ConfigOptions config;

    @Parameters(paramLabel = "VERSION_DIR", description = "The candidate: a folder with parameters.bin and card.json.")
    Path candidate;

    @Option(names = "--data", paramLabel = "DIR", description = "Validation photos (default: the bundled sample photos).")
    Path data;

    @Option(names = "--limit", description = "Use at most this many photos (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--max-side", paramLabel = "PX", description = "Scale photos down so the longer side is at most PX (default: ${DEFAULT-VALUE}).")
    int maxSide = 256;

    /** With --dry-run only: a promotion itself measures what the bar names, whole photos at --max-side. */
    @Mixin
    CropOptions crops;

    @Option(names = "--seed", description = "Mask seed (default: ${DEFAULT-VALUE}, as 'eval').")
    long seed = 2018;

    @Option(names = "--float32", description = "Store the promoted version as float32 even if float16 measures as well.")
    boolean float32;

    @Option(names = "--min-gain", paramLabel = "DB", description = "The least gain over the served version, dB over the bins "
            + "(default: ${DEFAULT-VALUE}, the loss float16 storage may cost).")
    double minGain = Promotion.MIN_GAIN_DB;

    @Option(names = "--self-ensemble", paramLabel = "none|mirror|flips", description = "Measure and serve the candidate "
            + "with this self-ensemble (default: as its card says): 'mirror' averages a left-right mirrored second pass with "
            + "the first, at about 1.5 times the time of a call; 'flips' averages four passes (as given, mirrored, upside "
            + "down, both), at about 3 times.")
    String selfEnsemble;

    @Option(names = "--rim-taper", paramLabel = "PX", description = "Measure and serve the candidate with its residual over "
            + "the prefill faded in over the hole's first PX pixels (default: as its card says; 0 = none): next to the "
            + "known pixels the prefill is kept, and with it no seam along the hole's edge.")
    Integer rimTaper;

    @Option(names = "--dry-run", description = "Measure and decide, but install nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(minGain >= 0)) {
            throw InpaintException.badInput("minGain", "--min-gain must be a gain of 0 dB or more, got " + minGain);
        }
        // --max-side has a default here, so --short-side replaces it rather than conflicting with it
        Framing framing = crops.framing(crops.shortSide > 0 ? 0 : maxSide);
        if (!dryRun && !framing.isWholeImage()) {
            throw InpaintException.badInput("--crop", "--crop " + crops.crop + " measures only: add --dry-run (a promotion "
                    + "measures whole photos)");
        }
        if (!dryRun && crops.shortSide > 0) {
            throw InpaintException.badInput("--short-side", "--short-side " + crops.shortSide + " measures only: add --dry-run "
                    + "(a promotion measures photos at --max-side)");
        }
        Optional<SelfEnsemble> ensemble = Optional.ofNullable(selfEnsemble).map(s -> SelfEnsemble.of(s, "selfEnsemble"));
        Optional<RimTaper> taper = Optional.ofNullable(rimTaper).map(RimTaper::new);
        Settings settings = config.load(Map.of());
        PrintWriter w = spec.commandLine().getOut();
        StoredModel read = WeightStore.read(candidate, "VERSION_DIR");
        EngineRegistry registry = EngineRegistry.load();
        NeuralEngineProvider network = networkOf(registry, read);
        WeightStore served = WeightStore.configured();
        Optional<StoredModel> current = served.latest(read.network());
        Path staging = createStaging();
        try {
            StoredModel model = ensemble.isEmpty() && taper.isEmpty() ? read : servedWith(read, card -> {
                ModelCard as = ensemble.map(card::withSelfEnsemble).orElse(card);
                return taper.map(as::withRimTaper).orElse(as);
            }, staging);
            Optional<StoredModel> half = float32 ? Optional.empty() : Optional.of(asFloat16(network, model, staging));
            String candidateName = model.network() + " candidate";
            String halfName = candidateName + " float16";
            String servedName = current.map(m -> model.network() + " " + m.version() + " (served)").orElse(null);

            List<EngineSelection.Choice> engines = new ArrayList<>();
            engines.add(new EngineSelection.Choice(FLOOR, () -> registry.create(FLOOR)));
            current.ifPresent(m -> engines.add(new EngineSelection.Choice(servedName, () -> network.create(m))));
            engines.add(new EngineSelection.Choice(candidateName, () -> network.create(model)));
            half.ifPresent(m -> engines.add(new EngineSelection.Choice(halfName, () -> network.create(m))));

            List<Evaluation.Sample> samples = EvalCommand.samples(new ImageCodec(settings.maxPixels()), data, limit, framing);
            List<Evaluation.Case> cases = Evaluation.freeFormCases(samples, HoleRatioBin.PAPER_BINS, seed);
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), cases.size() * engines.size());
            Report report = Evaluation.report("seeded free-form brush strokes, one per image and bin (seed " + seed + "); "
                    + framing.describe() + ".",
                    cases, new EngineSelection(engines, List.of()), settings.roiPlanner(), bar::step, (r, o) -> { });
            w.print(ResultsTable.markdown(report));

            boolean useHalf = half.isPresent() && float16Holds(report.rows(), candidateName, halfName, w);
            String chosenName = useHalf ? halfName : candidateName;
            StoredModel chosen = useHalf ? half.get() : model;
            Promotion.Verdict verdict = Promotion.judge(report.rows(), FLOOR, servedName, chosenName, minGain);
            printMargins(verdict, servedName != null, w);
            w.println((verdict.promote() ? "promote: " : "not promoted: ") + verdict.reason());
            if (!verdict.promote()) {
                return 1;
            }
            if (dryRun) {
                w.println("dry run: nothing installed");
                return 0;
            }
            StoredModel installed = served.install(chosen);
            Map<String, Double> metrics = CardMetrics.of(report.rows(), chosenName);
            metrics.putAll(CardMetrics.references(report.rows(), FLOOR));
            WeightStore.recordMetrics(installed, metrics);
            w.println("installed " + installed.directory() + (useHalf ? " (float16)" : "") + ", served from now on, with "
                    + "the table above in its card; commit it with its licence notes (models/README.md)");
            return 0;
        } finally {
            deleteRecursively(staging);
        }
    }

    private static NeuralEngineProvider networkOf(EngineRegistry registry, StoredModel model) {
        if (!registry.names().contains(model.network())
                || !(registry.provider(model.network()) instanceof NeuralEngineProvider network)) {
            throw InpaintException.badInput("VERSION_DIR", model.directory() + " has a card of '" + model.network()
                    + "', which is not a network engine; networks: " + registry.names().stream()
                    .filter(n -> registry.provider(n) instanceof NeuralEngineProvider).toList());
        }
        return network;
    }

    /** A copy of the candidate in its own staging store, its card rewritten to serve it as asked. */
    private static StoredModel servedWith(StoredModel model, java.util.function.UnaryOperator<ModelCard> served, Path staging) {
        StoredModel copy = new WeightStore(staging.resolve("as-served")).install(model);
        return WeightStore.rewriteCard(copy, served.apply(copy.card()));
    }

    /** A float16 copy of the candidate in the staging store, never in the served one. */
    private static StoredModel asFloat16(NeuralEngineProvider network, StoredModel model, Path staging) {
        StoredModel copy = new WeightStore(staging).install(model);
        try (ai.djl.Model m = ai.djl.Model.newInstance(model.network(), "PyTorch")) {
            WeightStore.storeAsFloat16(copy, network.architecture().buildInto(m, copy.card()), m.getNDManager());
        }
        return copy;
    }

    /** Whether float16 storage costs under the tolerance at every bin; says so when it does not. */
    static boolean float16Holds(List<EvalRow> rows, String full, String half, PrintWriter w) {
        for (EvalRow h : rows) {
            if (!h.engine().equals(half)) {
                continue;
            }
            EvalRow f = rows.stream().filter(r -> r.engine().equals(full) && r.group().equals(h.group())).findFirst().orElseThrow();
            if (Math.abs(f.psnr() - h.psnr()) >= FLOAT16_TOLERANCE_DB) {
                w.printf(Locale.ROOT, "float16 costs %.3f dB at %s (the limit is %.2f): kept as float32%n",
                        f.psnr() - h.psnr(), h.group(), FLOAT16_TOLERANCE_DB);
                return false;
            }
        }
        return true;
    }

    private static void printMargins(Promotion.Verdict verdict, boolean withServed, PrintWriter w) {
        w.println();
        w.println("| bin | " + FLOOR + " PSNR | " + (withServed ? "served | " : "") + "candidate | over " + FLOOR + " |");
        w.println("|---|---:|" + (withServed ? "---:|" : "") + "---:|---:|");
        for (Promotion.Margin m : verdict.margins()) {
            w.printf(Locale.ROOT, "| %s | %.2f | %s%.2f | %+.2f |%n", m.bin(), m.floor(),
                    withServed ? String.format(Locale.ROOT, "%.2f | ", m.served().orElseThrow()) : "", m.candidate(), m.overFloor());
        }
        w.println();
    }

    private static Path createStaging() {
        try {
            return Files.createTempDirectory("inpaint-promote-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging folder", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the staging folder " + dir, e);
        }
    }
}
