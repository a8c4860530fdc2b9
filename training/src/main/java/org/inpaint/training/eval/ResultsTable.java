package org.inpaint.training.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes evaluation rows as CSV and as a Markdown table in the papers' layout. */
public final class ResultsTable {

    public static final String CSV_HEADER =
            "engine,bin,images,l1_pct,l2_pct,psnr,ssim,tv,psnr_hole,ssim_hole,ms_per_image";

    private ResultsTable() {
    }

    public static String csv(List<EvalRow> rows) {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (EvalRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.3f,%.4f,%.3f,%.3f,%.4f,%.1f%n",
                    r.engine(), r.bin(), r.images(), r.l1Percent(), r.l2Percent(), r.psnr(), r.ssim(), r.tvPercent(),
                    r.psnrHole(), r.ssimHole(), r.msPerImage()));
        }
        return sb.toString();
    }

    public static String markdown(List<EvalRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| engine | hole ratio | images | L1 % | L2 % | PSNR dB | SSIM | TV % | PSNR hole | SSIM hole | ms/image |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (EvalRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.4f | %.2f | %.2f | %.4f | %.0f |%n",
                    r.engine(), r.bin(), r.images(), r.l1Percent(), r.l2Percent(), r.psnr(), r.ssim(), r.tvPercent(),
                    r.psnrHole(), r.ssimHole(), r.msPerImage()));
        }
        return sb.toString();
    }

    public static void write(Path dir, List<EvalRow> rows) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.csv"), csv(rows));
            Files.writeString(dir.resolve("results.md"), markdown(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
