package org.inpaint.core.segment;

import java.util.ArrayList;
import java.util.List;
import org.inpaint.core.InpaintException;

/**
 * Clicks on an image for {@link Segmenter#fromClicks}: points on the object (at least one) and, to correct a
 * selection, points on what is not the object.
 */
public record Clicks(List<int[]> object, List<int[]> background) {

    public Clicks {
        object = List.copyOf(object);
        background = List.copyOf(background);
    }

    /**
     * Points as "x,y;x,y" for the object and for the background (either may be null or blank); a malformed point
     * is a bad input naming {@code field}.
     */
    public static Clicks parse(String object, String background, String field) {
        return new Clicks(points(object, field), points(background, field));
    }

    private static List<int[]> points(String text, String field) {
        List<int[]> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String p : text.split(";")) {
            String[] xy = p.trim().split(",");
            if (xy.length != 2) {
                throw InpaintException.badInput(field, "a point is x,y, got '" + p.trim() + "'");
            }
            try {
                out.add(new int[] {Integer.parseInt(xy[0].trim()), Integer.parseInt(xy[1].trim())});
            } catch (NumberFormatException e) {
                throw InpaintException.badInput(field, "a point is two integers x,y, got '" + p.trim() + "'");
            }
        }
        return out;
    }
}
