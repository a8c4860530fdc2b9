package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.inpaint.app.config.Settings;
import org.inpaint.core.InpaintException;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.engine.EngineRegistry;
import org.inpaint.ingest.directory.ImageDirectory;
import org.inpaint.testkit.Samples;
import org.inpaint.training.eval.AttentionMaps;
import org.inpaint.training.eval.CardMetrics;
import org.inpaint.training.eval.EngineSelection;
import org.inpaint.training.eval.Evaluation;
import org.inpaint.training.eval.Framing;
import org.inpaint.training.eval.MaskDirectory;
import org.inpaint.training.eval.Report;
import org.inpaint.training.eval.ResultsTable;
import org.inpaint.training.eval.Studies;
import org.inpaint.training.masks.HoleRatioBin;
import org.inpaint.inference.neural.weights.WeightStore;
import org.inpaint.training.eval.EvalRow;
import org.inpaint.training.eval.FillGrid;
import org.inpaint.core.image.RgbImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = {EvalVideoCommand.class, EvalSegmentCommand.class}, description = {
    "Score engines on the same images with the same holes, with the papers' measures (L1, L2, PSNR, SSIM, TV) per",
    "hole-ratio bin, and write results.csv and results.md; or run one of the studies (--study). 'eval video' scores video removal."})
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--engines", split = ",", paramLabel = "A,B", description = {
        "Engines to score (default: mean-fill,telea,ns,patchmatch). 'mean-fill' is the mean-colour floor.",
        "With --study attention: deepfill,csa."})
    List<String> engines;

    @Option(names = "--skip-unready", description = "List engines that cannot run (no trained weights) as skipped instead of failing.")
    boolean skipUnready;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of ground-truth images (default: the bundled sample photos).")
    Path data;

    @Option(names = "--masks", paramLabel = "DIR", description = {
        "Masks from files instead of seeded free-form strokes: those of NAME.jpg are DIR/NAME__*.png (white = hole);",
        "each is reported in the tenth of (0,1] its measured hole ratio falls in."})
    Path masks;

    @Option(names = "--study", paramLabel = "NAME", description = "size, texture, replicated (the student report's studies, every engine) or attention (maps of deepfill and csa).")
    String study;

    @Option(names = "--limit", description = "Use at most this many images (default: all).")
    int limit = Integer.MAX_VALUE;

    @Option(names = "--max-side", paramLabel = "PX", description = "Scale images down so the longer side is at most PX (default: native size).")
    int maxSide;

    @Mixin
    CropOptions crops;

    @Option(names = "--seed", description = "Mask seed (default: ${DEFAULT-VALUE}).")
    long seed = 2018;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the tables go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("eval-results");

    @Option(names = "--grid", paramLabel = "N", description = "Also write grid.png: the first N images of the --grid-bin bin, "
            + "a row each: input (holes white), every engine's fill, truth (default: ${DEFAULT-VALUE}, none).")
    int grid;

    @Option(names = "--grid-bin", paramLabel = "BIN", description = "The bin of --grid, as the table names it (default: ${DEFAULT-VALUE}).")
    String gridBin = "(0.3,0.4]";

    @Option(names = "--record", description = "Write the measured table into the model cards of the networks evaluated.")
    boolean record;

    @Spec
    CommandSpec spec;

    private static final List<String> DEFAULT_ENGINES = List.of("mean-fill", "telea", "ns", "patchmatch");

    @Override
    public Integer call() {
        Settings settings = config.load(Map.of());
        ImageCodec codec = new ImageCodec(settings.maxPixels());
        if (study != null && !Studies.NAMES.contains(study) && !study.equals("attention")) {
            throw InpaintException.badInput("--study", "unknown study '" + study + "'; studies: "
                    + String.join(", ", Studies.NAMES) + ", attention");
        }
        if (grid < 0) {
            throw InpaintException.badInput("--grid", "needs a number of images of 0 or more, got " + grid);
        }
        if (study != null && grid > 0) {
            throw InpaintException.badInput("--grid", "draws the main table's fills only, not a study's");
        }
        if (study != null && masks != null) {
            throw InpaintException.badInput("--masks", "--masks is for the main table; a study makes its own holes");
        }
        Framing framing = crops.framing(maxSide);
        if (masks != null && !framing.equals(Framing.NATIVE)) {
            throw InpaintException.badInput(maxSide > 0 ? "--max-side" : crops.shortSide > 0 ? "--short-side" : "--crop",
                    "would no longer fit the images to their --masks files");
        }
        boolean attention = "attention".equals(study);
        List<String> names = engines != null ? engines : attention ? List.of("deepfill", "csa") : DEFAULT_ENGINES;
        EngineSelection selection = EngineSelection.resolve(EngineRegistry.load(), names, skipUnready);
        List<Evaluation.Sample> samples = samples(codec, data, limit, framing);
        PrintWriter w = spec.commandLine().getOut();
        if (attention) {
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), samples.size() * selection.ready().size());
            List<Path> written = AttentionMaps.write(samples, selection, out.resolve("attention"), codec, bar::step);
            written.forEach(p -> w.println("attention -> " + p));
            selection.skipped().forEach(s -> w.println("skipped, not ready: " + s.name() + " (" + s.reason() + ")"));
            return 0;
        }
        Report report;
        FillGrid fills = null;
        if (study != null) {
            Studies.Study s = Studies.named(study, samples);
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), s.cases().size() * selection.ready().size());
            report = Studies.run(s, selection, bar::step);
        } else {
            List<Evaluation.Case> cases;
            String how;
            if (masks != null) {
                cases = MaskDirectory.cases(samples, masks, codec);
                how = cases.size() + " mask files NAME__*.png from " + masks + ", each in the bin of its measured hole ratio.";
            } else {
                cases = Evaluation.freeFormCases(samples, HoleRatioBin.PAPER_BINS, seed);
                how = "seeded free-form brush strokes, one per image and bin (seed " + seed + "); " + framing.describe() + ".";
            }
            ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), cases.size() * selection.ready().size());
            fills = grid > 0 ? new FillGrid(gridBin, grid) : null;
            report = Evaluation.report(how, cases, selection, settings.roiPlanner(), bar::step,
                    fills != null ? fills : (r, o) -> { });
        }
        List<Path> files = ResultsTable.write(out, report);
        w.print(ResultsTable.markdown(report));
        w.println("wrote " + files.get(0) + " and " + files.get(1));
        if (fills != null) {
            writeGrid(fills, codec, w);
        }
        if (record) {
            if (study != null) {
                throw InpaintException.badInput("--record", "records the main table only, not a study");
            }
            recordInCards(report, w);
        }
        return 0;
    }

    private void writeGrid(FillGrid fills, ImageCodec codec, PrintWriter w) {
        RgbImage image = fills.image().orElseThrow(() -> InpaintException.badInput("--grid-bin",
                "no case in bin '" + gridBin + "'; bins: " + HoleRatioBin.PAPER_BINS.stream().map(HoleRatioBin::label).toList()));
        Path file = out.resolve("grid.png");
        codec.write(file, image);
        w.println("wrote " + file + ": rows " + String.join(", ", fills.images()) + "; columns input, "
                + String.join(", ", fills.engines()) + ", truth");
    }

    /**
     * Each evaluated network's served card gets this table (measure_bin -> value) and the classical engines' rows
     * of the same run as references, replacing what it had.
     */
    private static void recordInCards(Report report, PrintWriter w) {
        WeightStore store = WeightStore.configured();
        List<String> engines = report.rows().stream().map(EvalRow::engine).distinct().toList();
        // the classical engines of the same run go into each network's card as references ("ref:ns:psnr_(0.1,0.2]"),
        // the figures the "auto" engine compares against
        Map<String, Double> references = new LinkedHashMap<>();
        engines.stream().filter(e -> store.latest(e).isEmpty())
                .forEach(e -> references.putAll(CardMetrics.references(report.rows(), e)));
        for (String engine : engines) {
            store.latest(engine).ifPresent(model -> {
                Map<String, Double> metrics = CardMetrics.of(report.rows(), engine);
                metrics.putAll(references);
                WeightStore.recordMetrics(model, metrics);
                w.println("recorded the table in " + model.directory().resolve(WeightStore.CARD));
            });
        }
    }

    /** The photos of {@code data} (the bundled sample photos when null), at most {@code limit}, framed by {@code framing}. */
    static List<Evaluation.Sample> samples(ImageCodec codec, Path data, int limit, Framing framing) {
        List<Evaluation.Sample> samples = new ArrayList<>();
        if (data == null) {
            for (String name : Samples.photos()) {
                if (samples.size() < limit) {
                    samples.add(framing.apply(new Evaluation.Sample(name, codec.decode(Samples.photo(name), name).image())));
                }
            }
        } else {
            List<Path> files = ImageDirectory.list(data);
            java.util.Set<String> stems = new java.util.HashSet<>();
            files.forEach(p -> stems.add(stem(p.getFileName().toString())));
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (samples.size() < limit && !isMaskOfAnother(name, stems)) {
                    samples.add(framing.apply(new Evaluation.Sample(name, codec.read(p, name).image())));
                }
            }
        }
        if (samples.isEmpty()) {
            throw InpaintException.badInput("--data", "no images in " + data);
        }
        return samples;
    }

    /** NAME__anything.png beside NAME.jpg is one of NAME's masks (the --masks naming), not an image to score. */
    static boolean isMaskOfAnother(String fileName, java.util.Set<String> stems) {
        int cut = fileName.lastIndexOf(MaskDirectory.SEPARATOR);
        return cut > 0 && stems.contains(fileName.substring(0, cut));
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
