package org.inpaint.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.inpaint.core.image.RgbImage;
import org.inpaint.training.run.SampleGrid;

/**
 * The fills of one hole-ratio bin, gathered as the evaluation scores them, for looking at them at 100 %: a row per
 * image (the first {@code images} of the bin, in case order), columns input with its holes white, then each engine
 * in the order it ran, then the truth.
 */
public final class FillGrid implements BiConsumer<Evaluation.CaseResult, RgbImage> {

    private final String group;
    private final int images;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> engines = new ArrayList<>();

    private record Row(Evaluation.Case testCase, Map<String, RgbImage> fills) {
    }

    /**
     * @param group  the bin whose cases are kept, as the cases name it (e.g. "(0.3,0.4]")
     * @param images how many of its images, at most
     */
    public FillGrid(String group, int images) {
        if (images < 1) {
            throw new IllegalArgumentException("a grid needs at least one image, got " + images);
        }
        this.group = group;
        this.images = images;
    }

    @Override
    public void accept(Evaluation.CaseResult result, RgbImage output) {
        Evaluation.Case c = result.testCase();
        if (!c.group().equals(group)) {
            return;
        }
        Row row = rows.get(c.sample().name());
        if (row == null) {
            if (rows.size() == images) {
                return;
            }
            row = new Row(c, new LinkedHashMap<>());
            rows.put(c.sample().name(), row);
        }
        row.fills().put(result.engine(), output);
        if (!engines.contains(result.engine())) {
            engines.add(result.engine());
        }
    }

    /** The engines of the columns between the input and the truth, in order. */
    public List<String> engines() {
        return List.copyOf(engines);
    }

    /** The images of the rows, in order. */
    public List<String> images() {
        return List.copyOf(rows.keySet());
    }

    /** The grid; empty when no case of the bin was scored. */
    public Optional<RgbImage> image() {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<List<RgbImage>> cells = new ArrayList<>();
        for (Row row : rows.values()) {
            RgbImage truth = row.testCase().sample().truth();
            List<RgbImage> line = new ArrayList<>();
            line.add(SampleGrid.withHoles(truth, row.testCase().mask()));
            for (String engine : engines) {
                line.add(row.fills().getOrDefault(engine, RgbImage.blank(truth.width(), truth.height())));
            }
            line.add(truth);
            cells.add(line);
        }
        return Optional.of(SampleGrid.rows(cells));
    }
}
