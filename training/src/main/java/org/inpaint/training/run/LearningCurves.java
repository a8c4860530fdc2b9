package org.inpaint.training.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Learning curves of several runs in one PNG: each run's validation gain over Navier-Stokes on the same crops (dB,
 * from its {@code val.jsonl}) against its training CPU hours, the Navier-Stokes floor as the dashed zero line. Curves
 * per CPU-hour are what the campaign's choices of network, width and rate are made on.
 */
public final class LearningCurves {

    /**
     * One validation of a run: the training steps' wall hours and process CPU hours so far (null where the run did
     * not record them: runs before 2026-12-06 later still, and runs resumed from their checkpoints).
     */
    public record Point(long step, double hours, Double cpuHours, double gainDb) {

        public Point(long step, double hours, double gainDb) {
            this(step, hours, null, gainDb);
        }
    }

    /** A run's name and its validations in order. */
    public record Curve(String run, List<Point> points) {
    }

    /** What the x axis shows: its label and where a point lies along it (from 0). */
    public record XAxis(String label, ToDoubleFunction<Point> position) {

        /** Thousands of training steps. */
        public static XAxis thousandsOfSteps(String label) {
            return new XAxis(label, p -> p.step() / 1000.0);
        }
    }

    /** The y axis label of learning curves on the validation crops. */
    public static final String VAL_GAIN = "val PSNR gain over Navier-Stokes on the same crops (dB)";

    static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C), new Color(0x9467BD),
            new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x17BECF)};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int W = 760;
    private static final int H = 420;
    private static final int LEFT = 56;
    private static final int RIGHT = 200;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private LearningCurves() {
    }

    /** The validations of the run in {@code runDirectory} (empty when it has none yet). */
    public static Curve read(Path runDirectory) {
        List<Point> points = new ArrayList<>();
        Path file = runDirectory.resolve(ValidationLog.FILE);
        if (Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if (n.hasNonNull("gain_db") && n.hasNonNull("train_seconds")) {
                        points.add(new Point(n.get("step").asLong(), n.get("train_seconds").asDouble() / 3600,
                                n.hasNonNull("cpu_seconds") ? n.get("cpu_seconds").asDouble() / 3600 : null,
                                n.get("gain_db").asDouble()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Curve(runDirectory.getFileName().toString(), points);
    }

    /**
     * Draws the curves (runs without validations are left out) and writes them to {@code png}: against CPU hours
     * where every drawn point has them, else against the steps' wall hours (which count what other processes take).
     */
    public static void write(List<Curve> curves, Path png) {
        boolean cpu = plotsCpuHours(curves.stream().filter(c -> !c.points().isEmpty()).toList());
        write(curves, png, cpu ? new XAxis("CPU hours (all the run's threads)", Point::cpuHours)
                : new XAxis("training hours (wall clock of the steps, 2 cores)", Point::hours), VAL_GAIN);
    }

    /** The curves along {@code x}, gains labelled {@code yLabel}, the Navier-Stokes floor the dashed zero line. */
    public static void write(List<Curve> curves, Path png, XAxis x, String yLabel) {
        List<Curve> drawn = curves.stream().filter(c -> !c.points().isEmpty()).toList();
        if (drawn.isEmpty()) {
            throw new IllegalArgumentException("no run has a validation yet");
        }
        ToDoubleFunction<Point> hoursOf = x.position();
        double maxHours = 0, lo = 0, hi = 0;
        for (Curve c : drawn) {
            for (Point p : c.points()) {
                maxHours = Math.max(maxHours, hoursOf.applyAsDouble(p));
                lo = Math.min(lo, p.gainDb());
                hi = Math.max(hi, p.gainDb());
            }
        }
        maxHours = niceCeiling(Math.max(maxHours, 0.1));
        hi = Math.max(hi, 0.5);
        hi = Math.ceil(hi * 4) / 4;
        lo = Math.floor(lo * 4) / 4;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        List<String> labels = drawn.stream().map(c -> String.format(Locale.ROOT, "%s %+.2f", c.run(),
                c.points().get(c.points().size() - 1).gainDb())).toList();
        int width = W - RIGHT + Math.max(RIGHT, legendWidth(font, labels));
        BufferedImage img = new BufferedImage(width, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, H);
        g.setFont(font);
        Axes axes = new Axes(LEFT, W - RIGHT, TOP, H - BOTTOM, maxHours, lo, hi, x.label(), yLabel);
        axes.draw(g);
        for (int i = 0; i < drawn.size(); i++) {
            Curve c = drawn.get(i);
            Color colour = PALETTE[i % PALETTE.length];
            g.setColor(colour);
            g.setStroke(new BasicStroke(2f));
            int[] prev = null;
            for (Point p : c.points()) {
                int[] xy = {axes.x(hoursOf.applyAsDouble(p)), axes.y(p.gainDb())};
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], xy[0], xy[1]);
                }
                g.fillOval(xy[0] - 2, xy[1] - 2, 5, 5);
                prev = xy;
            }
            int ly = TOP + 14 + 16 * i;
            g.fillRect(W - RIGHT + 12, ly - 8, 14, 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(labels.get(i), W - RIGHT + 30, ly - 2);
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ImageIO.write(img, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** Whether every point of these curves has CPU hours, so they can all be drawn against them. */
    static boolean plotsCpuHours(List<Curve> curves) {
        return curves.stream().allMatch(c -> c.points().stream().allMatch(p -> p.cpuHours() != null));
    }

    /** The legend's width: its swatch, the longest run name with its last gain, and a margin, so no name is cut. */
    private static int legendWidth(Font font, List<String> labels) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            java.awt.FontMetrics metrics = g.getFontMetrics(font);
            return 30 + labels.stream().mapToInt(metrics::stringWidth).max().orElse(0) + 12;
        } finally {
            g.dispose();
        }
    }

    /** 0.1, 0.15, 0.2, 0.25, 0.5, 1, 1.5, 2, 2.5, 5, ... at or above {@code v}. */
    static double niceCeiling(double v) {
        double base = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.5, 2, 2.5, 5, 10}) {
            if (m * base >= v - 1e-12) {
                return m * base;
            }
        }
        return 10 * base;
    }

    /** The plot area: hours along x from 0, gain in dB along y, a grid every quarter dB and the dashed NS line. */
    private record Axes(int left, int right, int top, int bottom, double maxHours, double lo, double hi, String xLabel,
                        String yLabel) {

        int x(double hours) {
            return (int) Math.round(left + hours / maxHours * (right - left));
        }

        int y(double gain) {
            return (int) Math.round(bottom - (gain - lo) / (hi - lo) * (bottom - top));
        }

        void draw(Graphics2D g) {
            double step = hi - lo > 2 ? 0.5 : 0.25;
            for (double v = lo; v <= hi + 1e-9; v += step) {
                g.setColor(new Color(0xEEEEEE));
                g.drawLine(left, y(v), right, y(v));
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, "%+.2f", v), 8, y(v) + 4);
            }
            for (int i = 0; i <= 5; i++) {
                double h = maxHours * i / 5;
                g.setColor(Color.DARK_GRAY);
                g.drawString(String.format(Locale.ROOT, maxHours >= 5 ? "%.0f" : "%.2f", h), x(h) - 12, bottom + 16);
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, right - left, bottom - top);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            g.setColor(Color.BLACK);
            g.drawLine(left, y(0), right, y(0));
            g.drawString("Navier-Stokes", left + 6, y(0) - 4);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.DARK_GRAY);
            g.drawString(yLabel, left, top - 10);
            g.drawString(xLabel, (left + right - g.getFontMetrics().stringWidth(xLabel)) / 2, bottom + 32);
        }
    }
}
