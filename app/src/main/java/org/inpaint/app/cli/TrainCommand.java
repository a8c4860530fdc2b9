package org.inpaint.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.inpaint.training.run.Progress;
import org.inpaint.training.run.Trainer;
import org.inpaint.training.run.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainStatusCommand.class, TrainCurvesCommand.class}, description = {
    "Train a network (deepfill, lbam, csa, swap) on a directory of photos with its paper's objective.",
    "Writes checkpoints, metrics.jsonl, loss.png and sample grids to --out; the finished model goes to OUT/model.",
    "Ctrl-C stops after the current step with a checkpoint; --resume continues a stopped or killed run.",
    "`train status` lists the runs under the runs directory."})
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--model", description = "Network to train (required).")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "Training photos, searched recursively (required).")
    Path data;

    @Option(names = "--val", paramLabel = "DIR", description = "Validation photos (default: --val-fraction of --data, split by file).")
    Path val;

    @Option(names = "--val-fraction", description = "Share of --data held out when --val is not given (default: ${DEFAULT-VALUE}).")
    double valFraction = 0.1;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: <training.runsDir>/<model>-<time>; "
            + "training.runsDir defaults to ~/.cache/inpaint/runs).")
    Path out;

    @Option(names = "--size", description = "Square crop side in pixels (default: ${DEFAULT-VALUE}).")
    int size = 128;

    @Option(names = "--steps", description = "Generator updates (required).")
    Long steps;

    @Option(names = "--width", description = "Channel multiplier; 1 is the paper's network (default: ${DEFAULT-VALUE}).")
    double width = 1.0;

    @Option(names = "--batch", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch = 8;

    @Option(names = "--critic-steps", description = "Critic updates per generator update for WGAN objectives (default: ${DEFAULT-VALUE}, as in the papers).")
    int criticSteps = 5;

    @Option(names = "--seed", description = "Data, crop and mask seed (default: ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints and validation (default: a quarter of the run, at most 500).")
    Integer checkpointEvery;

    @Option(names = "--sample-every", description = "Steps between sample grids and loss plots (default: a tenth of the run, at most 100).")
    Integer sampleEvery;

    @Option(names = "--keep", description = "Recent checkpoints kept besides the best (default: ${DEFAULT-VALUE}).")
    int keep = 3;

    @Option(names = "--val-images", description = "Validation photos measured at each checkpoint (default: ${DEFAULT-VALUE}).")
    int valImages = 16;

    @Option(names = "--lr", description = "Adam learning rate (default: the paper's).")
    double learningRate;

    @Option(names = "--more-data", paramLabel = "DIR", description = "Further training photo directories, repeatable.")
    java.util.List<Path> moreData = new java.util.ArrayList<>();

    @Option(names = "--prefill", description = "What the network reads in the holes: none (zeros, the papers), ns or telea "
            + "(a classical fill it learns a residual over) (default: ${DEFAULT-VALUE}).")
    String prefill = "none";

    @Option(names = "--recipe", description = "paper (the paper's objective) or reconstruction (hole L1, cosine rate, "
            + "weight averaging) (default: ${DEFAULT-VALUE}).")
    String recipe = "paper";

    @Option(names = "--precision", description = "fp32; bf16: the step's convolutions in bfloat16, only on CPUs with AVX-512 BF16 or AMX-BF16 "
            + "(refused elsewhere: emulated it is many times slower), weights and everything else float32; or exact: float32 convolutions by im2col and GEMM, slower but "
            + "bit-reproducible from process to process (default: ${DEFAULT-VALUE}; docs/benchmarks.md).")
    String precision = "fp32";

    @Option(names = "--max-scale", description = "Crops take a side up to this multiple of --size before resizing (default: ${DEFAULT-VALUE}).")
    double maxScale = 1.5;

    @Option(names = "--start-size", description = "Progressive resizing: train the first --start-steps steps on crops of this "
            + "side (at half the side a step measured a third of the cost), the rest at --size; validation stays at --size. "
            + "Reconstruction recipe only (default: off).")
    int startSize;

    @Option(names = "--start-steps", description = "Steps trained at --start-size (default: 0).")
    long startSteps;

    @Option(names = "--init-from", paramLabel = "VERSION_DIR", description = "Warm start: begin from the weights of a stored "
            + "version (e.g. models/lbam/v0006) of the same network, width and prefill, with a fresh optimizer and schedule; "
            + "with the paper recipe its critics begin untrained (default: random weights).")
    Path initFrom;

    @Option(names = "--normalisation", description = "Normalisation layers added to the network's layer plan: none (as "
            + "built) or instance (parameter-free, after every convolution but the output layers; swap and deepfill). The "
            + "model card records it (default: ${DEFAULT-VALUE}).")
    String normalisation = "none";

    @Option(names = "--head-skip", description = "What the network's image heads read besides the decoder: none (as built) "
            + "or encoder (a full-resolution encoder feature too, so a residual over a prefill sees the prefill it corrects; "
            + "swap and deepfill), or unet (encoder, and deepfill's decoders read the encoder at half resolution too). "
            + "Adds parameters; the model card records it (default: ${DEFAULT-VALUE}).")
    String headSkip = "none";

    @Option(names = "--pixel-loss", description = "The reconstruction recipe's pixel term: l1; l2 (squared error, what PSNR "
            + "measures, pooled over the batch's pixels); or psnr (each image's hole PSNR, averaged over the batch, so a thin "
            + "stroke counts as much as a large hole, as in the evaluation) (default: ${DEFAULT-VALUE}).")
    String pixelLoss = "l1";

    @Option(names = "--rim-taper", paramLabel = "PX", description = "Reconstruction recipe with a prefill: train and measure "
            + "the fill as it is served with the residual over the prefill faded in over the hole's first PX pixels (the "
            + "card records it, so the export is served so too); 0 = the network's output as it is (default: ${DEFAULT-VALUE}).")
    int rimTaper;

    @Option(names = "--masks", paramLabel = "HOLES", description = "Reconstruction recipe: the holes trained on, 'measured' "
            + "(default: free-form strokes 70 %%, a rectangle 20 %%, the centred square 10 %%) or 'free-form' (strokes only, "
            + "what promotion measures), either optionally with per-bin weights of the strokes from (0.1,0.2] to (0.5,0.6], "
            + "e.g. free-form:2,1,1,1,1. Validation measures the holes --val-masks names, whatever a run trains on.")
    String masks;

    @Option(names = "--val-masks", paramLabel = "HOLES", description = "The holes validation measures: 'measured' (default: "
            + "one per val photo from the evaluation's families) or 'bins' (one free-form hole per val photo and hole-ratio "
            + "bin, as a promotion draws them: five times the work, and the weights and best checkpoint are chosen by the "
            + "mean over the bins, what a promotion measures; val.jsonl and the log give the gain per bin). A resumed run "
            + "keeps the setting it started with.")
    String valMasks;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--export-best", description = "Train no further: write the best checkpoint of the run in --out as a model "
            + "version (under --out/model) now, as a finished run does; --resume with --steps continues it later.")
    boolean exportBest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        org.inpaint.app.config.Settings settings = config.load(Map.of());
        requireOption(model, "--model");
        requireOption(data, "--data");
        requireOption(steps, "--steps");
        if (out == null) {
            out = settings.runsDir().resolve(model + "-" + java.time.LocalDateTime.now()
                    .format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (exportBest) {
            // a run whose last step is its latest checkpoint's does not train: the trainer goes straight to the export
            steps = new org.inpaint.training.run.Checkpoints(out, 1).latest().map(c -> c.info().step())
                    .orElseThrow(() -> org.inpaint.core.InpaintException.badInput("--out", out + " holds no checkpoint to export"));
            resume = true;
        }
        TrainingConfig defaults = TrainingConfig.of(model, data, out, size, steps);
        TrainingConfig run = new TrainingConfig(model, data, val, valFraction, out, size, width, batch, steps, seed,
                maxScale, criticSteps, checkpointEvery == null ? defaults.checkpointEvery() : checkpointEvery,
                sampleEvery == null ? defaults.sampleEvery() : sampleEvery, keep, valImages, resume, learningRate,
                moreData, prefill, recipe, precision, startSize, startSteps, initFrom, pixelLoss, normalisation, headSkip, rimTaper, masks,
                valMasks);
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: ask the loop to stop after its step, and hold the JVM until its checkpoint is written
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        boolean terminal = System.console() != null;
        Trainer.Result result;
        try {
            result = new Trainer(run, p -> report(p, w, err, terminal)).run(stop::get);
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook already ran
        }
        w.println(result.state() + " at step " + result.step() + " in " + result.runDirectory()
                + result.model().map(m -> "; model written to " + m.directory()).orElse(""));
        return 0;
    }

    private static void requireOption(Object value, String option) {
        if (value == null) {
            throw org.inpaint.core.InpaintException.badInput(option, option + " is required (see ./inpaint train --help)");
        }
    }

    private static void report(Progress p, PrintWriter out, PrintWriter err, boolean terminal) {
        switch (p.event()) {
            case "step" -> {
                String line = String.format("%s %d/%d %s  %.1f img/s  eta %s", bar(p.step(), p.steps()), p.step(), p.steps(),
                        p.losses().entrySet().stream().map(e -> e.getKey() + " " + String.format("%.4f", e.getValue()))
                                .collect(Collectors.joining(" ")), p.imagesPerSecond(), duration(p.etaSeconds()));
                if (terminal) {
                    err.print("\r" + line + "\u001B[K");
                } else if (p.step() % 10 == 0 || p.step() == p.steps()) {
                    err.println(line);
                }
                err.flush();
            }
            case "checkpoint" -> {
                if (terminal) {
                    err.println();
                }
                out.println("checkpoint " + p.file() + (p.valL1() == null ? "" : String.format(" val_l1_hole %.5f", p.valL1()))
                        + (p.message() == null ? "" : " (" + p.message() + ")"));
            }
            case "sample" -> {
                // written quietly; the path is in the run directory
            }
            default -> out.println(p.event() + ": " + (p.message() == null ? "" : p.message()));
        }
    }

    private static String bar(long done, long total) {
        int filled = (int) Math.round(20.0 * done / Math.max(1, total));
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
