package org.inpaint.ingest.synth;

import java.util.Random;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.Rect;
import org.inpaint.core.image.RgbImage;

/**
 * A piece cut out of a real photo with a soft outline: the pixels of a crop and an alpha (1 inside, falling to 0
 * over 1.5 px at the outline). The outline is a superellipse, or, when {@code irregular}, a superellipse whose
 * radius swells and narrows with the angle (a few random lobes), which is closer to an object's shape.
 */
public record CutOut(RgbImage texture, float[] alpha) {

    public int width() {
        return texture.width();
    }

    public int height() {
        return texture.height();
    }

    /** The pixels whose alpha is above one half (the object's pixels, as a mask of the cut-out's size). */
    public Mask solid() {
        byte[] m = new byte[alpha.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (alpha[i] > 0.5f ? 1 : 0);
        }
        return new Mask(width(), height(), m);
    }

    /** A w×h cut-out from a random place of {@code source} (w and h are clamped to the source). */
    public static CutOut random(RgbImage source, Random rnd, int w, int h, boolean irregular) {
        int oh = Math.max(8, Math.min(h, source.height()));
        int ow = Math.max(6, Math.min(w, source.width()));
        int cx = rnd.nextInt(source.width() - ow + 1);
        int cy = rnd.nextInt(source.height() - oh + 1);
        RgbImage texture = source.crop(new Rect(cx, cy, ow, oh));
        double p = 2.2 + 2 * rnd.nextDouble();
        int lobes = 4;
        double[] amplitude = new double[lobes];
        double[] phase = new double[lobes];
        for (int k = 0; k < lobes && irregular; k++) {
            amplitude[k] = 0.05 + 0.07 * rnd.nextDouble();
            phase[k] = 2 * Math.PI * rnd.nextDouble();
        }
        double reach = 1;
        for (double a : amplitude) {
            reach += a;
        }
        float[] alpha = new float[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double u = ((x + 0.5) / ow * 2 - 1) * reach, v = ((y + 0.5) / oh * 2 - 1) * reach;
                double r = Math.pow(Math.pow(Math.abs(u), p) + Math.pow(Math.abs(v), p), 1 / p); // 1 on a plain outline
                double outline = 1;
                double angle = Math.atan2(v, u);
                for (int k = 0; k < lobes; k++) {
                    outline += amplitude[k] * Math.cos((k + 2) * angle + phase[k]);
                }
                double inside = (outline - r) / reach * Math.min(ow, oh) / 2; // pixels inside the outline
                alpha[y * ow + x] = (float) Math.max(0, Math.min(1, inside / 1.5));
            }
        }
        return new CutOut(texture, alpha);
    }
}
