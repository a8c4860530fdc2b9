package org.inpaint.core.segment;

import java.util.ArrayList;
import java.util.List;

/**
 * Strokes drawn on an image for {@link Segmenter#fromScribbles}: polylines over the object (at least one) and, to
 * correct a selection, over what is not the object. A stroke of one point is a click.
 */
public record Scribbles(List<List<int[]>> object, List<List<int[]>> background) {

    public Scribbles {
        object = copy(object);
        background = copy(background);
    }

    /** Each click a stroke of one point. */
    public static Scribbles of(Clicks clicks) {
        return new Scribbles(clicks.object().stream().map(List::of).toList(), clicks.background().stream().map(List::of).toList());
    }

    /** Strokes as "x,y;x,y;..." each, for the object and for the background; a malformed point names {@code field}. */
    public static Scribbles parse(List<String> object, List<String> background, String field) {
        List<List<int[]>> o = new ArrayList<>();
        for (String stroke : object) {
            o.add(Clicks.parse(stroke, null, field).object());
        }
        List<List<int[]>> b = new ArrayList<>();
        for (String stroke : background) {
            b.add(Clicks.parse(stroke, null, field).object());
        }
        return new Scribbles(o, b);
    }

    /** Every point of the object strokes, in order. */
    public List<int[]> objectPoints() {
        return object.stream().flatMap(List::stream).toList();
    }

    private static List<List<int[]>> copy(List<List<int[]>> strokes) {
        return strokes.stream().filter(s -> !s.isEmpty()).map(List::copyOf).toList();
    }
}
