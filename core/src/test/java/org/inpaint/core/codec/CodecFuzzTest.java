package org.inpaint.core.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.testkit.fuzz.Mutations;

/**
 * Fuzz properties of the decoders and parsers every network input reaches first: whatever the bytes or text, the
 * answer is a result or the project's own error naming the input, never another exception, a hang (the suite's
 * timeout) or a native crash (the JVM dies and the run fails). Seeds: the testkit's fuzz corpus. The fixed
 * random seeds keep CI reproducible and bounded; a longer hunt changes the seed and raises {@code tries}.
 */
class CodecFuzzTest {

    private static final ImageCodec CODEC = new ImageCodec(4_000_000L);
    private static final List<byte[]> IMAGES = Mutations.corpus("images/photo.png",
            "images/photo.jpg", "images/photo.webp", "images/photo.bmp", "images/photo.tiff",
            "images/mask-gray.png", "images/alpha-hole.png", "images/deep-16bit.png");

    @Provide
    Arbitrary<byte[]> images() {
        return Mutations.of(IMAGES);
    }

    @Provide
    Arbitrary<String> boxes() {
        return Mutations.text(Mutations.textSeeds("10,10,20,20", "0,0,1,1", "-5,3,8,8", "1.5,2,3,4", "2147483647,1,1,1",
                "1,1,100000,100000", " 3 , 4 , 5 , 6 "));
    }

    @Provide
    Arbitrary<String> maskJson() {
        return Mutations.text(Mutations.textSeeds("{\"polygons\": [[[1,1],[20,2],[10,15]]], \"boxes\": [[2,2,5,5]]}",
                "[[[0,0],[47,0],[47,31]]]", "{\"boxes\": [[1e9,1e9,1e9,1e9]]}", "{\"polygons\": [[[1,1],[2,2]]]}",
                "{\"boxes\": [[-3,-3,4,4]], \"polygons\": []}", "null", "{}"));
    }

    @Property(tries = 3000, seed = "20261205")
    void decodingAnyBytesGivesAnImageOrANamedError(@ForAll("images") byte[] bytes) {
        try {
            DecodedImage d = CODEC.decode(bytes, "image");
            assertTrue((long) d.image().width() * d.image().height() <= 4_000_000L, "the pixel limit holds");
            assertEquals(3L * d.image().width() * d.image().height(), d.image().data().length);
        } catch (InpaintException e) {
            assertNamed(e, "image");
        }
    }

    /** Every seed cut after each of its first 64 bytes (and at every 64th byte after that): a named error each time. */
    @Example
    void everyTruncationOfEverySeedIsANamedError() {
        for (byte[] seed : IMAGES) {
            for (int n = 0; n < seed.length; n += n < 64 ? 1 : 64) {
                byte[] cut = java.util.Arrays.copyOf(seed, n);
                try {
                    CODEC.decode(cut, "image");
                } catch (InpaintException e) {
                    assertNamed(e, "image");
                }
            }
        }
    }

    @Property(tries = 1500, seed = "20261205")
    void decodingAnyMaskImageGivesAMaskOrANamedError(@ForAll("images") byte[] bytes) {
        try {
            Mask m = new MaskCodec(CODEC).decodeImage(bytes, "mask");
            assertTrue(m.width() > 0 && m.height() > 0);
        } catch (InpaintException e) {
            assertNamed(e, "mask");
        }
    }

    @Property(tries = 3000, seed = "20261205")
    void anyBoxTextGivesAMaskInsideTheImageOrANamedError(@ForAll("boxes") String box, @ForAll("boxes") String other) {
        try {
            Mask m = MaskCodec.fromBoxes(48, 32, List.of(box, other), "boxes");
            assertEquals(48, m.width());
            assertEquals(32, m.height());
        } catch (InpaintException e) {
            assertNamed(e, "boxes");
        }
    }

    @Property(tries = 3000, seed = "20261205")
    void anyMaskJsonGivesAMaskInsideTheImageOrANamedError(@ForAll("maskJson") String json) {
        try {
            Mask m = MaskCodec.fromJson(48, 32, json, "mask");
            assertEquals(48, m.width());
            assertEquals(32, m.height());
        } catch (InpaintException e) {
            assertNamed(e, "mask");
        }
    }

    @Property(tries = 2000, seed = "20261205")
    void anyFormatNameIsKnownOrANamedError(@ForAll("boxes") String name) {
        try {
            assertTrue(ImageFormat.parse(name, "format") != null);
        } catch (InpaintException e) {
            assertNamed(e, "format");
        }
    }

    /** Our own bad-input errors (4xx), naming the field. */
    static void assertNamed(InpaintException e, String field) {
        assertTrue(e.kind().status() >= 400 && e.kind().status() < 500, "a 4xx kind, got " + e.kind() + ": " + e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }
}
