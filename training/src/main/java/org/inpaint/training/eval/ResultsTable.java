package org.inpaint.training.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Writes a {@link Report} as CSV (one line per engine and group) and as Markdown in the papers' layout: the
 * measures as row groups, one row per hole-ratio bin (or study condition) inside each, one column per engine
 * (CSA Table 2, LBAM Table 1).
 */
public final class ResultsTable {

    /** A measure of the Markdown table: its label and how it is read and printed. */
    private record Measure(String label, ToDoubleFunction<EvalRow> value, String format) {
    }

    private static final List<Measure> MEASURES = List.of(
            new Measure("ℓ1 (%) ↓", EvalRow::l1Percent, "%.2f"),
            new Measure("ℓ2 (%) ↓", EvalRow::l2Percent, "%.2f"),
            new Measure("PSNR (dB) ↑", EvalRow::psnr, "%.2f"),
            new Measure("SSIM ↑", EvalRow::ssim, "%.3f"),
            new Measure("TV (%)", EvalRow::tvPercent, "%.2f"),
            new Measure("PSNR hole (dB) ↑", EvalRow::psnrHole, "%.2f"),
            new Measure("SSIM hole ↑", EvalRow::ssimHole, "%.3f"),
            new Measure("rim roughness (grey levels) ↓", EvalRow::rimRoughness, "%+.2f"),
            new Measure("ms / image", EvalRow::msPerImage, "%.0f"));

    private ResultsTable() {
    }

    /** The CSV header for rows grouped by {@code groupColumn}. */
    public static String csvHeader(String groupColumn) {
        return "engine," + groupColumn + ",images,l1_pct,l2_pct,psnr,ssim,tv,ms_per_image,psnr_hole,ssim_hole,rim_roughness";
    }

    public static String csv(Report report) {
        StringBuilder sb = new StringBuilder(csvHeader(report.groupColumn())).append('\n');
        for (EvalRow r : report.rows()) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.3f,%.4f,%.3f,%.1f,%.3f,%.4f,%.3f%n",
                    field(r.engine()), field(r.group()), r.images(), r.l1Percent(), r.l2Percent(), r.psnr(), r.ssim(), r.tvPercent(),
                    r.msPerImage(), r.psnrHole(), r.ssimHole(), r.rimRoughness()));
        }
        return sb.toString();
    }

    /** RFC 4180: a field holding a comma or a quote is quoted (bins such as (0.1,0.2] hold a comma). */
    static String field(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    public static String markdown(Report report) {
        List<String> engines = new ArrayList<>();
        Map<String, Integer> imagesPerGroup = new LinkedHashMap<>();
        Map<String, EvalRow> cell = new LinkedHashMap<>();
        for (EvalRow r : report.rows()) {
            if (!engines.contains(r.engine())) {
                engines.add(r.engine());
            }
            imagesPerGroup.putIfAbsent(r.group(), r.images());
            cell.put(r.engine() + '\n' + r.group(), r);
        }
        StringBuilder sb = new StringBuilder("## ").append(report.title()).append("\n\n");
        for (String line : report.description()) {
            sb.append(line).append('\n');
        }
        sb.append('\n');
        sb.append("| measure | ").append(report.groupTitle()).append(" | images |");
        engines.forEach(e -> sb.append(' ').append(e).append(" |"));
        sb.append("\n|---|---|---:|");
        engines.forEach(e -> sb.append("---:|"));
        sb.append('\n');
        for (Measure m : MEASURES) {
            boolean first = true;
            for (Map.Entry<String, Integer> g : imagesPerGroup.entrySet()) {
                sb.append("| ").append(first ? m.label() : "").append(" | ").append(g.getKey()).append(" | ")
                        .append(g.getValue()).append(" |");
                for (String e : engines) {
                    EvalRow r = cell.get(e + '\n' + g.getKey());
                    sb.append(' ').append(r == null ? "–" : String.format(Locale.ROOT, m.format(), m.value().applyAsDouble(r)))
                            .append(" |");
                }
                sb.append('\n');
                first = false;
            }
        }
        if (!report.skipped().isEmpty()) {
            sb.append("\nSkipped, not ready: ").append(EngineSelection.describe(report.skipped())).append(".\n");
        }
        if (!report.extraMarkdown().isEmpty()) {
            sb.append('\n').append(report.extraMarkdown());
        }
        return sb.toString();
    }

    /** Writes {@code dir/<name>.csv} and {@code dir/<name>.md}; returns the two paths. */
    public static List<Path> write(Path dir, Report report) {
        try {
            Files.createDirectories(dir);
            Path csv = dir.resolve(report.name() + ".csv");
            Path md = dir.resolve(report.name() + ".md");
            Files.writeString(csv, csv(report));
            Files.writeString(md, markdown(report));
            return List.of(csv, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
