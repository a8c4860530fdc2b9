package org.inpaint.core.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.inpaint.core.InpaintException;
import org.inpaint.core.image.Mask;
import org.inpaint.core.image.RgbImage;
import org.inpaint.testkit.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImageCodecTest {

    private final ImageCodec codec = ImageCodec.withDefaults();

    private RgbImage photo() {
        return codec.decode(Samples.photo(Samples.photoNamed("orange")), "image").image();
    }

    @ParameterizedTest
    @EnumSource(ImageFormat.class)
    void everyFormatRoundTripsWithItsHeaderReadBeforeDecoding(ImageFormat format) {
        RgbImage img = photo().crop(new org.inpaint.core.image.Rect(10, 20, 97, 61));
        byte[] bytes = codec.encode(img, format);
        ImageHeader header = ImageHeader.read(bytes, "image");
        assertEquals(format, header.format());
        assertEquals(97, header.width());
        assertEquals(61, header.height());
        DecodedImage back = codec.decode(bytes, "image");
        assertEquals(97, back.image().width());
        assertEquals(61, back.image().height());
        assertEquals(format, back.format());
        if (format != ImageFormat.JPEG && format != ImageFormat.WEBP) {
            assertEquals(img, back.image(), "lossless formats give the pixels back exactly");
        }
    }

    @Test
    void jpegSampleDecodesToItsManifestSize() {
        RgbImage img = photo();
        assertEquals(512, img.width());
        assertEquals(512, img.height());
    }

    @Test
    void pngAlphaBecomesTheMaskTransparentIsHole() {
        RgbImage img = photo().crop(new org.inpaint.core.image.Rect(0, 0, 40, 30));
        byte[] alpha = new byte[40 * 30];
        Arrays.fill(alpha, (byte) 255);
        for (int y = 5; y < 10; y++) {
            for (int x = 7; x < 20; x++) {
                alpha[y * 40 + x] = 0;
            }
        }
        byte[] png = EncodeRgba.png(img, alpha);
        DecodedImage d = codec.decode(png, "image");
        assertTrue(d.hasTransparency());
        Mask m = d.alphaMask();
        assertEquals(5 * 13, m.holeCount());
        assertTrue(m.isHole(7, 5));
        assertFalse(m.isHole(6, 5));
        assertEquals(img, d.image(), "RGB under the alpha is kept");
    }

    @Test
    void opaqueJpegHasNoAlpha() {
        assertNull(codec.decode(Samples.photo(Samples.photoNamed("orange")), "image").alpha());
    }

    @Test
    void headerAboveThePixelLimitIsRejectedBeforeDecoding() {
        // A 1x1 PNG whose IHDR claims 100000 x 100000: nothing may be allocated for it.
        byte[] png = codec.encode(RgbImage.blank(1, 1), ImageFormat.PNG);
        png[16] = 0; png[17] = 1; png[18] = (byte) 0x86; png[19] = (byte) 0xA0;
        png[20] = 0; png[21] = 1; png[22] = (byte) 0x86; png[23] = (byte) 0xA0;
        InpaintException e = assertThrows(InpaintException.class, () -> new ImageCodec(1_000_000).decode(png, "image"));
        assertEquals(InpaintException.Kind.TOO_LARGE, e.kind());
        assertEquals("image", e.field());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void truncatedJpegIsNamedAsTruncated() {
        byte[] full = Samples.photo(Samples.photoNamed("orange"));
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        InpaintException e = assertThrows(InpaintException.class, () -> codec.decode(cut, "image"));
        assertEquals(InpaintException.Kind.UNREADABLE_IMAGE, e.kind());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedPngIsUnreadable() {
        byte[] png = codec.encode(photo(), ImageFormat.PNG);
        byte[] cut = Arrays.copyOf(png, png.length / 3);
        InpaintException e = assertThrows(InpaintException.class, () -> codec.decode(cut, "mask"));
        assertEquals(InpaintException.Kind.UNREADABLE_IMAGE, e.kind());
        assertEquals("mask", e.field());
    }

    @Test
    void garbageAndEmptyBytesAreRejectedWithTheirReason() {
        InpaintException garbage = assertThrows(InpaintException.class,
                () -> codec.decode("hello, this is not an image".getBytes(), "image"));
        assertEquals(InpaintException.Kind.UNSUPPORTED_FORMAT, garbage.kind());
        assertTrue(garbage.getMessage().contains("not a JPEG, PNG, WebP, BMP or TIFF"));
        InpaintException empty = assertThrows(InpaintException.class, () -> codec.decode(new byte[0], "image"));
        assertTrue(empty.getMessage().contains("empty"));
    }

    @Test
    void headerOnlyPngIsUnreadableNotACrash() {
        byte[] png = codec.encode(photo(), ImageFormat.PNG);
        byte[] headerOnly = Arrays.copyOf(png, 20);
        InpaintException e = assertThrows(InpaintException.class, () -> codec.decode(headerOnly, "image"));
        assertEquals(InpaintException.Kind.UNREADABLE_IMAGE, e.kind());
    }

    @Test
    void grayMaskImageRoundTrips() {
        Mask m = Mask.ofBoxes(50, 40, java.util.List.of(new org.inpaint.core.image.Rect(3, 4, 10, 11)));
        MaskCodec masks = new MaskCodec(codec);
        byte[] png = masks.encode(m, ImageFormat.PNG);
        assertEquals(m, masks.decodeImage(png, "mask"));
        assertArrayEquals(m.data(), masks.decodeImage(masks.encode(m, ImageFormat.BMP), "mask").data());
    }
}
