package org.inpaint.core.image;

/** An axis-aligned rectangle in pixel coordinates: x, y of the top-left corner, width and height. */
public record Rect(int x, int y, int width, int height) {

    public Rect {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative size: " + width + "x" + height);
        }
    }

    /** x + width, saturated at Integer.MAX_VALUE (a box given near 2^31 must not wrap to a negative edge). */
    public int right() {
        return (int) Math.min(Integer.MAX_VALUE, (long) x + width);
    }

    /** y + height, saturated like {@link #right()}. */
    public int bottom() {
        return (int) Math.min(Integer.MAX_VALUE, (long) y + height);
    }

    public long area() {
        return (long) width * height;
    }

    public boolean isEmpty() {
        return width == 0 || height == 0;
    }

    public boolean intersects(Rect o) {
        return x < o.right() && o.x < right() && y < o.bottom() && o.y < bottom();
    }

    public Rect union(Rect o) {
        int nx = Math.min(x, o.x);
        int ny = Math.min(y, o.y);
        return new Rect(nx, ny, Math.max(right(), o.right()) - nx, Math.max(bottom(), o.bottom()) - ny);
    }

    public Rect intersection(Rect o) {
        int nx = Math.max(x, o.x);
        int ny = Math.max(y, o.y);
        int nr = Math.min(right(), o.right());
        int nb = Math.min(bottom(), o.bottom());
        return new Rect(nx, ny, Math.max(0, nr - nx), Math.max(0, nb - ny));
    }

    public Rect expand(int margin) {
        return new Rect(x - margin, y - margin, width + 2 * margin, height + 2 * margin);
    }

    /** Parses "x,y,w,h" as used by {@code --box}. */
    public static Rect parse(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length != 4) {
            throw new IllegalArgumentException("a box is x,y,w,h (four integers), got '" + text + "'");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a box is x,y,w,h (four integers), got '" + text + "'");
            }
        }
        if (v[2] <= 0 || v[3] <= 0) {
            throw new IllegalArgumentException("a box needs a positive width and height, got '" + text + "'");
        }
        return new Rect(v[0], v[1], v[2], v[3]);
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
