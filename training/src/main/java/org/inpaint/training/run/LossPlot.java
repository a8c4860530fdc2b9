package org.inpaint.training.run;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Loss curves as a PNG: one panel per loss, the raw values faint and an exponential moving average on top. */
public final class LossPlot {

    private static final int PANEL_W = 560;
    private static final int PANEL_H = 150;
    private static final int MARGIN = 46;

    private LossPlot() {
    }

    public static void write(List<MetricsLog.Entry> entries, Path png) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (MetricsLog.Entry e : entries) {
            e.losses().forEach((name, v) -> {
                if (Float.isFinite(v)) {
                    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {e.step(), v});
                }
            });
        }
        int panels = Math.max(1, series.size());
        BufferedImage img = new BufferedImage(PANEL_W, panels * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int i = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            panel(g, s.getKey(), s.getValue(), i++ * PANEL_H);
        }
        g.dispose();
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Path tmp = png.resolveSibling(png.getFileName() + ".tmp");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, png, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    private static void panel(Graphics2D g, String name, List<double[]> points, int top) {
        double x0 = points.get(0)[0], x1 = Math.max(x0 + 1, points.get(points.size() - 1)[0]);
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double[] p : points) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        if (hi - lo < 1e-9) {
            hi = lo + 1e-9;
        }
        int left = MARGIN, right = PANEL_W - 10, y0 = top + 18, y1 = top + PANEL_H - 18;
        g.setColor(new Color(0xDDDDDD));
        g.drawRect(left, y0, right - left, y1 - y0);
        g.setColor(Color.DARK_GRAY);
        g.drawString(name, left + 4, top + 13);
        g.drawString(String.format("%.3g", hi), 2, y0 + 10);
        g.drawString(String.format("%.3g", lo), 2, y1);
        g.drawString("step " + (long) x1, right - 70, top + 13);
        double ema = points.get(0)[1];
        int[] prevRaw = null, prevEma = null;
        for (double[] p : points) {
            ema = 0.9 * ema + 0.1 * p[1];
            int x = (int) Math.round(left + (p[0] - x0) / (x1 - x0) * (right - left));
            int[] raw = {x, (int) Math.round(y1 - (p[1] - lo) / (hi - lo) * (y1 - y0))};
            int[] smooth = {x, (int) Math.round(y1 - (ema - lo) / (hi - lo) * (y1 - y0))};
            if (prevRaw != null) {
                g.setStroke(new BasicStroke(1f));
                g.setColor(new Color(0x9EC5E8));
                g.drawLine(prevRaw[0], prevRaw[1], raw[0], raw[1]);
                g.setStroke(new BasicStroke(2f));
                g.setColor(new Color(0x1F5F9E));
                g.drawLine(prevEma[0], prevEma[1], smooth[0], smooth[1]);
            }
            prevRaw = raw;
            prevEma = smooth;
        }
    }
}
