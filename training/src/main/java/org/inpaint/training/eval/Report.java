package org.inpaint.training.eval;

import java.util.List;

/**
 * What one evaluation produced, ready to be written: a title, lines saying how the masks and images were made,
 * the rows, the engines that were skipped (with why), and optional extra Markdown (a study's own summary).
 *
 * @param name        file stem: {@code name.csv} and {@code name.md}
 * @param groupColumn what a row's group is ("bin", "hole_side", "texture", "replication"); the CSV column name
 * @param groupTitle  the same in words, for the Markdown header
 */
public record Report(String name, String title, List<String> description, String groupColumn, String groupTitle,
                     List<EvalRow> rows, List<EngineSelection.Skipped> skipped, String extraMarkdown) {

    public Report {
        description = List.copyOf(description);
        rows = List.copyOf(rows);
        skipped = List.copyOf(skipped);
        extraMarkdown = extraMarkdown == null ? "" : extraMarkdown;
    }
}
