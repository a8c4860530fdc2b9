package org.inpaint.inference.patchmatch;

import java.nio.file.Path;
import org.inpaint.core.codec.ImageCodec;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;

/**
 * Writes input / patchmatch / telea / truth side by side as PNGs for eyeballing. Not a test. Arguments:
 * {@code [dir [photo seed]]}; with a photo, only its 256x256 centre with the mask the quality test gives that
 * seed.
 */
public final class PatchMatchDump {

    private PatchMatchDump() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/patchmatch-dump");
        if (args.length > 1) {
            RgbImage truth = Fixtures.centreCrop(Fixtures.photo(args[1]), 256);
            dump(dir, args[1], truth, Fixtures.photoMask(truth, Long.parseLong(args[2])));
            System.exit(0);
        }
        dump(dir, "brick_square", Fixtures.tiledTexture("brick", 256), Fixtures.centredSquare(256, 256, 0.25));
        dump(dir, "leaves_square", Fixtures.tiledTexture("leaves", 256), Fixtures.centredSquare(256, 256, 0.25));
        dump(dir, "pool_blobs", Fixtures.tiledTexture("pool", 256), Fixtures.blobs(256, 256, 0.25, 7));
        for (String p : new String[] {"kangaroo", "orange", "greatwall", "sea2", "swans", "charminar"}) {
            RgbImage truth = Fixtures.centreCrop(Fixtures.photo(p), 256);
            dump(dir, p, truth, Fixtures.blobs(truth.width(), truth.height(), 0.15, 11));
        }
        RgbImage orange = Fixtures.photo("orange");
        dump(dir, "orange512_strokes", orange, Fixtures.strokes(512, 512, 0.15, 5));
        System.exit(0);
    }

    private static void dump(Path dir, String name, RgbImage truth, Mask mask) {
        RgbImage input = Fixtures.punch(truth, mask);
        RgbImage pm = new PatchMatchCompletion(PatchMatchSettings.defaults()).complete(input, mask);
        RgbImage telea = Fixtures.telea(input, mask);
        int w = truth.width(), h = truth.height();
        RgbImage strip = RgbImage.blank(4 * w, h);
        RgbImage[] parts = {input, pm, telea, truth};
        for (int i = 0; i < 4; i++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(parts[i].data(), y * w * 3, strip.data(), (y * 4 * w + i * w) * 3, w * 3);
            }
        }
        ImageCodec.withDefaults().write(dir.resolve(name + ".png"), strip);
    }
}
