package org.inpaint.core.codec;

import org.inpaint.core.InpaintException;

/**
 * Format and dimensions read from an encoded image's header, without decoding it: the pixel limit is
 * enforced before a decoder allocates anything (a small file can declare a huge image).
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    public long pixels() {
        return (long) width * height;
    }

    /**
     * Reads the header of {@code bytes}.
     *
     * @param field the input's name for error messages ("image", "mask")
     * @throws InpaintException UNSUPPORTED_FORMAT for an unknown signature, UNREADABLE_IMAGE for a damaged header
     */
    public static ImageHeader read(byte[] bytes, String field) {
        if (bytes == null || bytes.length == 0) {
            throw new InpaintException(InpaintException.Kind.BAD_INPUT, field, field + " is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == null) {
            throw new InpaintException(InpaintException.Kind.UNSUPPORTED_FORMAT, field,
                    field + " is not a JPEG, PNG, WebP, BMP or TIFF image (unrecognised signature)");
        }
        try {
            ImageHeader h = switch (format) {
                case PNG -> png(bytes);
                case JPEG -> jpeg(bytes);
                case WEBP -> webp(bytes);
                case BMP -> bmp(bytes);
                case TIFF -> tiff(bytes);
            };
            if (h.width <= 0 || h.height <= 0) {
                throw unreadable(field, format, "declares a size of " + h.width + "x" + h.height);
            }
            return h;
        } catch (IndexOutOfBoundsException e) {
            throw unreadable(field, format, "ends inside its header (truncated)");
        }
    }

    private static InpaintException unreadable(String field, ImageFormat format, String what) {
        return new InpaintException(InpaintException.Kind.UNREADABLE_IMAGE, field,
                field + " is a damaged " + format + " image: it " + what);
    }

    private static int be16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int be32(byte[] b, int i) {
        return (be16(b, i) << 16) | be16(b, i + 2);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int le24(byte[] b, int i) {
        return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
    }

    private static int le32(byte[] b, int i) {
        return le16(b, i) | (le16(b, i + 2) << 16);
    }

    private static ImageHeader png(byte[] b) {
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw new ArrayIndexOutOfBoundsException();
        }
        return new ImageHeader(ImageFormat.PNG, be32(b, 16), be32(b, 20));
    }

    private static ImageHeader jpeg(byte[] b) {
        int i = 2;
        while (true) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw new ArrayIndexOutOfBoundsException();
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                return new ImageHeader(ImageFormat.JPEG, be16(b, i + 7), be16(b, i + 5));
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw new ArrayIndexOutOfBoundsException();
            }
            i += 2 + be16(b, i + 2);
        }
    }

    private static ImageHeader webp(byte[] b) {
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> new ImageHeader(ImageFormat.WEBP, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
            case "VP8L" -> {
                int bits = le32(b, 21);
                yield new ImageHeader(ImageFormat.WEBP, (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
            }
            case "VP8X" -> new ImageHeader(ImageFormat.WEBP, le24(b, 24) + 1, le24(b, 27) + 1);
            default -> throw new ArrayIndexOutOfBoundsException();
        };
    }

    private static ImageHeader bmp(byte[] b) {
        int dib = le32(b, 14);
        if (dib == 12) {
            return new ImageHeader(ImageFormat.BMP, le16(b, 18), le16(b, 20));
        }
        return new ImageHeader(ImageFormat.BMP, le32(b, 18), Math.abs(le32(b, 22)));
    }

    private static ImageHeader tiff(byte[] b) {
        boolean little = b[0] == 'I';
        int ifd = little ? le32(b, 4) : be32(b, 4);
        int count = little ? le16(b, ifd) : be16(b, ifd);
        int width = -1;
        int height = -1;
        for (int k = 0; k < count; k++) {
            int e = ifd + 2 + 12 * k;
            int tag = little ? le16(b, e) : be16(b, e);
            int type = little ? le16(b, e + 2) : be16(b, e + 2);
            int value = type == 3 ? (little ? le16(b, e + 8) : be16(b, e + 8)) : (little ? le32(b, e + 8) : be32(b, e + 8));
            if (tag == 256) {
                width = value;
            } else if (tag == 257) {
                height = value;
            }
        }
        if (width < 0 || height < 0) {
            throw new ArrayIndexOutOfBoundsException();
        }
        return new ImageHeader(ImageFormat.TIFF, width, height);
    }
}
