package org.inpaint.ingest.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.codec.ImageFormat;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.core.internal.Resize;
import org.inpaint.ingest.synth.CutOut;

/**
 * Test clips whose truth is known exactly: a real photo as the scene, cut-outs of other real photos (soft-edged
 * rounded shapes, upright like people or wide like cars, of several sizes and speeds, some of which stop for a
 * while) moving across it, planned so that no point of the scene is covered in more than 40 % of the frames (the
 * background is seen most of the time, as on a street); seen by a still camera, a panning and zooming one, or a still one under flickering light.
 * Writes {@code clip.mp4} (with sensor noise and H.264 compression), {@code clean.mp4} (the same camera and light
 * without the objects, nearly lossless), {@code masks/NNNNN.png} (white where an object covers a pixel) and, for a
 * still camera, {@code plate.png}.
 */
public final class ClipGenerator {

    /** How the camera and light behave. */
    public enum Camera { STILL, PAN, FLICKER;

        public static Camera parse(String s, String field) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw org.inpaint.core.InpaintException.badInput(field, "unknown camera '" + s + "': still, pan or flicker");
            }
        }
    }

    /**
     * @param noise sensor noise, the standard deviation in grey levels
     * @param crf   x264 quality of clip.mp4 (lower is better)
     */
    public record Spec(Camera camera, int width, int height, int frames, double fps, int objects, double noise, int crf, long seed,
                       boolean selection) {

        public static Spec of(Camera camera) {
            return new Spec(camera, 480, 320, 150, 15, 4, 2.0, 20, 1, false);
        }

        public Spec withSize(int w, int h, int n) {
            return new Spec(camera, w, h, n, fps, objects, noise, crf, seed, selection);
        }

        public Spec withSeed(long s) {
            return new Spec(camera, width, height, frames, fps, objects, noise, crf, s, selection);
        }

        /**
         * Also writes what removing one object should give: the first object, in full view at frame 0 and in front
         * of the others, is the one to select ({@code selection.txt}: its box at frame 0), {@code others.mp4} is
         * the scene with every other object, and {@code selected/NNNNN.png} are its masks.
         */
        public Spec withSelection() {
            return new Spec(camera, width, height, frames, fps, objects, noise, crf, seed, true);
        }
    }

    /** Where the clip went and how much of it was object. */
    public record Clip(Path clip, Path clean, Path masks, Path plate, double objectRatio) {
    }

    private record Sprite(RgbImage texture, float[] alpha, double x0, double y0, double vx, double vy, int pauseAt, int pauseFor) {
        int w() {
            return texture.width();
        }

        int h() {
            return texture.height();
        }

        /** The top-left corner in scene coordinates at frame t (the sprite stands still during its pause). */
        double[] at(int t) {
            int moving = t < pauseAt ? t : (t < pauseAt + pauseFor ? pauseAt : t - pauseFor);
            return new double[] {x0 + vx * moving, y0 + vy * moving};
        }
    }

    private ClipGenerator() {
    }

    public static Clip write(Spec spec, List<Path> photos, Path dir) throws IOException {
        if (photos.size() < 2) {
            throw org.inpaint.core.InpaintException.badInput("--photos", "need at least two photos (a scene and objects), found " + photos.size());
        }
        Random rnd = new Random(spec.seed());
        ImageCodec codec = ImageCodec.withDefaults();
        int w = spec.width(), h = spec.height();
        boolean pan = spec.camera() == Camera.PAN;
        int sceneW = pan ? (int) Math.round(w * 1.6) : w;
        int sceneH = pan ? (int) Math.round(h * 1.15) : h;
        RgbImage scene = cover(codec.read(photos.get(rnd.nextInt(photos.size())), "--photos").image(), sceneW, sceneH);
        List<RgbImage> sources = new ArrayList<>();
        for (int i = 0; i < spec.objects(); i++) {
            sources.add(codec.read(photos.get(rnd.nextInt(photos.size())), "--photos").image());
        }
        List<Sprite> sprites = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS && (sprites.isEmpty() || busiest(sprites, spec, sceneW, sceneH) > MAX_COVER); attempt++) {
            sprites.clear();
            for (int i = 0; i < spec.objects(); i++) {
                sprites.add(sprite(sources.get(i), rnd, spec, sceneW, sceneH, i));
            }
        }
        Files.createDirectories(dir.resolve("masks"));
        Path clipFile = dir.resolve("clip.mp4");
        Path cleanFile = dir.resolve("clean.mp4");
        Path plateFile = null;
        long objectPixels = 0;
        if (spec.selection()) {
            Files.createDirectories(dir.resolve("selected"));
        }
        try (VideoWriter clip = new VideoWriter(clipFile.toString(), spec::fps, spec.crf());
             VideoWriter clean = new VideoWriter(cleanFile.toString(), spec::fps, 4);
             VideoWriter others = spec.selection() ? new VideoWriter(dir.resolve("others.mp4").toString(), spec::fps, 4) : null) {
            for (int t = 0; t < spec.frames(); t++) {
                double progress = spec.frames() <= 1 ? 0 : t / (double) (spec.frames() - 1);
                double zoom = pan ? 1 + 0.12 * Math.sin(Math.PI * progress) : 1;
                double ox = pan ? (sceneW - w / zoom) * progress : 0;
                double oy = pan ? (sceneH - h / zoom) * (0.5 + 0.4 * Math.sin(2 * Math.PI * progress)) : 0;
                float gain = spec.camera() == Camera.FLICKER
                        ? (float) (1 + 0.12 * Math.sin(2 * Math.PI * t / 20.0) + 0.05 * (rnd.nextDouble() - 0.5)) : 1f;
                float[] background = new float[w * h * 3];
                float[] composite = new float[w * h * 3];
                byte[] mask = new byte[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        sample(scene, ox + x / zoom, oy + y / zoom, background, 3 * (y * w + x));
                    }
                }
                System.arraycopy(background, 0, composite, 0, composite.length);
                if (spec.selection()) { // the selected object last, in front of the others
                    for (Sprite s : sprites.subList(1, sprites.size())) {
                        paint(s, s.at(t), ox, oy, zoom, w, h, composite, mask);
                    }
                    others.write(toImage(composite, w, h, gain, 0, rnd));
                    byte[] selected = new byte[w * h];
                    paint(sprites.get(0), sprites.get(0).at(t), ox, oy, zoom, w, h, composite, selected);
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] |= selected[i];
                    }
                    Mask sm = new Mask(w, h, selected);
                    Files.write(dir.resolve("selected").resolve(String.format(Locale.ROOT, "%05d.png", t)),
                            codec.encodeGray(w, h, sm.toGray(), ImageFormat.PNG));
                    if (t == 0) {
                        org.inpaint.core.image.Rect b = sm.holeBounds();
                        int mx = Math.max(2, b.width() / 20), my = Math.max(2, b.height() / 20);
                        int x0 = Math.max(0, b.x() - mx), y0 = Math.max(0, b.y() - my);
                        int x1 = Math.min(w, b.x() + b.width() + mx), y1 = Math.min(h, b.y() + b.height() + my);
                        Files.writeString(dir.resolve("selection.txt"), x0 + "," + y0 + "," + (x1 - x0) + "," + (y1 - y0) + "\n");
                    }
                } else {
                    for (Sprite s : sprites) {
                        paint(s, s.at(t), ox, oy, zoom, w, h, composite, mask);
                    }
                }
                RgbImage cleanFrame = toImage(background, w, h, gain, 0, rnd);
                RgbImage clipFrame = toImage(composite, w, h, gain, spec.noise(), rnd);
                clip.write(clipFrame);
                clean.write(cleanFrame);
                Mask m = new Mask(w, h, mask);
                objectPixels += m.holeCount();
                Files.write(dir.resolve("masks").resolve(String.format(Locale.ROOT, "%05d.png", t)),
                        codec.encodeGray(w, h, m.toGray(), ImageFormat.PNG));
                if (t == 0 && spec.camera() == Camera.STILL) {
                    plateFile = dir.resolve("plate.png");
                    Files.write(plateFile, codec.encode(toImage(background, w, h, 1f, 0, rnd), ImageFormat.PNG));
                }
            }
        }
        return new Clip(clipFile, cleanFile, dir.resolve("masks"), plateFile, objectPixels / ((double) w * h * spec.frames()));
    }

    /** The most frames any one scene point may be covered by objects, as a share of the clip. */
    private static final double MAX_COVER = 0.4;
    private static final int MAX_ATTEMPTS = 200;

    /** The largest share of the frames in which one scene point (on a 4-pixel grid) lies in some object's box. */
    private static double busiest(List<Sprite> sprites, Spec spec, int sceneW, int sceneH) {
        int gw = sceneW / 4 + 1, gh = sceneH / 4 + 1;
        int[] covered = new int[gw * gh];
        boolean[] now = new boolean[covered.length];
        int max = 0;
        for (int t = 0; t < spec.frames(); t++) {
            java.util.Arrays.fill(now, false);
            for (Sprite s : sprites) {
                double[] at = s.at(t);
                for (int gy = Math.max(0, (int) (at[1] / 4)); gy < Math.min(gh, (int) ((at[1] + s.h()) / 4) + 1); gy++) {
                    for (int gx = Math.max(0, (int) (at[0] / 4)); gx < Math.min(gw, (int) ((at[0] + s.w()) / 4) + 1); gx++) {
                        now[gy * gw + gx] = true;
                    }
                }
            }
            for (int i = 0; i < now.length; i++) {
                if (now[i]) {
                    max = Math.max(max, ++covered[i]);
                }
            }
        }
        return max / (double) spec.frames();
    }

    /** A rounded cut-out of a photo, upright (a person) or wide (a car), on a straight path across the scene. */
    private static Sprite sprite(RgbImage source, Random rnd, Spec spec, int sceneW, int sceneH, int index) {
        boolean wide = index % 3 == 2;
        int oh = (int) Math.round(spec.height() * (wide ? 0.12 + 0.12 * rnd.nextDouble() : 0.18 + 0.3 * rnd.nextDouble()));
        int ow = (int) Math.round(oh * (wide ? 1.6 + rnd.nextDouble() : 0.3 + 0.3 * rnd.nextDouble()));
        CutOut cut = CutOut.random(source, rnd, ow, oh, false);
        RgbImage texture = cut.texture();
        float[] alpha = cut.alpha();
        ow = cut.width();
        oh = cut.height();
        // fast enough that it covers any pixel for at most a third of the clip: the background is seen most of the time
        double minSpeed = Math.max(0.6, Math.max(ow, oh) / (0.3 * spec.frames()));
        double speed = minSpeed + (Math.max(5, minSpeed) - minSpeed + 1) * rnd.nextDouble();
        boolean leftToRight = rnd.nextBoolean();
        double x0 = leftToRight ? -ow * 0.5 + rnd.nextDouble() * sceneW * 0.3 : sceneW - ow * 0.5 - rnd.nextDouble() * sceneW * 0.3;
        if (spec.selection() && index == 0) { // the one to select starts in full view, away from the edges
            x0 = leftToRight ? sceneW * 0.1 : sceneW * 0.9 - ow;
        }
        double y0 = sceneH * 0.15 + rnd.nextDouble() * (sceneH * 0.8 - oh);
        double vx = leftToRight ? speed : -speed;
        double vy = (rnd.nextDouble() - 0.5) * 0.3 * speed;
        boolean pauses = index % 2 == 1;
        int pauseAt = pauses ? spec.frames() / 4 + rnd.nextInt(Math.max(1, spec.frames() / 4)) : Integer.MAX_VALUE;
        int pauseFor = pauses ? spec.frames() / 8 : 0;
        return new Sprite(texture, alpha, x0, y0, vx, vy, pauseAt, pauseFor);
    }

    private static void paint(Sprite s, double[] at, double ox, double oy, double zoom, int w, int h, float[] composite, byte[] mask) {
        int x0 = (int) Math.floor((at[0] - ox) * zoom) - 1, x1 = (int) Math.ceil((at[0] + s.w() - ox) * zoom) + 1;
        int y0 = (int) Math.floor((at[1] - oy) * zoom) - 1, y1 = (int) Math.ceil((at[1] + s.h() - oy) * zoom) + 1;
        byte[] tex = s.texture().data();
        for (int y = Math.max(0, y0); y < Math.min(h, y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(w, x1); x++) {
                double u = ox + x / zoom - at[0] - 0.5, v = oy + y / zoom - at[1] - 0.5;
                int iu = (int) Math.floor(u), iv = (int) Math.floor(v);
                if (iu < -1 || iv < -1 || iu >= s.w() || iv >= s.h()) {
                    continue;
                }
                double fu = u - iu, fv = v - iv;
                float a = 0;
                float[] rgb = new float[3];
                for (int dy = 0; dy <= 1; dy++) {
                    for (int dx = 0; dx <= 1; dx++) {
                        int px = iu + dx, py = iv + dy;
                        if (px < 0 || py < 0 || px >= s.w() || py >= s.h()) {
                            continue;
                        }
                        float wgt = (float) ((dx == 0 ? 1 - fu : fu) * (dy == 0 ? 1 - fv : fv));
                        float pa = s.alpha()[py * s.w() + px] * wgt;
                        a += pa;
                        for (int c = 0; c < 3; c++) {
                            rgb[c] += pa * (tex[3 * (py * s.w() + px) + c] & 0xFF);
                        }
                    }
                }
                if (a <= 0.01f) {
                    continue;
                }
                int k = 3 * (y * w + x);
                for (int c = 0; c < 3; c++) {
                    composite[k + c] = composite[k + c] * (1 - a) + rgb[c];
                }
                mask[y * w + x] = 1;
            }
        }
    }

    private static void sample(RgbImage img, double x, double y, float[] out, int k) {
        int w = img.width(), h = img.height();
        double fx = Math.max(0, Math.min(w - 1.001, x - 0.5)), fy = Math.max(0, Math.min(h - 1.001, y - 0.5));
        int ix = (int) fx, iy = (int) fy;
        double ax = fx - ix, ay = fy - iy;
        byte[] d = img.data();
        for (int c = 0; c < 3; c++) {
            double top = (d[3 * (iy * w + ix) + c] & 0xFF) * (1 - ax) + (d[3 * (iy * w + ix + 1) + c] & 0xFF) * ax;
            double bottom = (d[3 * ((iy + 1) * w + ix) + c] & 0xFF) * (1 - ax) + (d[3 * ((iy + 1) * w + ix + 1) + c] & 0xFF) * ax;
            out[k + c] = (float) (top * (1 - ay) + bottom * ay);
        }
    }

    private static RgbImage toImage(float[] values, int w, int h, float gain, double noise, Random rnd) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i] * gain + (noise > 0 ? rnd.nextGaussian() * noise : 0);
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
        return new RgbImage(w, h, out);
    }

    /** The photo scaled to cover w×h and centre-cropped to it. */
    private static RgbImage cover(RgbImage photo, int w, int h) {
        double scale = Math.max(w / (double) photo.width(), h / (double) photo.height());
        int sw = Math.max(w, (int) Math.ceil(photo.width() * scale)), sh = Math.max(h, (int) Math.ceil(photo.height() * scale));
        RgbImage scaled = Resize.image(photo, sw, sh);
        return scaled.crop(new org.inpaint.core.image.Rect((sw - w) / 2, (sh - h) / 2, w, h));
    }
}
