package org.inpaint.core.codec;

import java.util.Locale;
import org.inpaint.core.InpaintException;

/** The still-image formats the project reads and writes (all through OpenCV). */
public enum ImageFormat {
    JPEG("jpg", "image/jpeg"),
    PNG("png", "image/png"),
    WEBP("webp", "image/webp"),
    BMP("bmp", "image/bmp"),
    TIFF("tiff", "image/tiff");

    private final String extension;
    private final String mimeType;

    ImageFormat(String extension, String mimeType) {
        this.extension = extension;
        this.mimeType = mimeType;
    }

    public String extension() {
        return extension;
    }

    public String mimeType() {
        return mimeType;
    }

    /** Parses a format name or file extension ("jpg", "jpeg", "png", "image/webp", ...). */
    public static ImageFormat parse(String name, String field) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.startsWith("image/")) {
            n = n.substring(6);
        }
        return switch (n) {
            case "jpg", "jpeg" -> JPEG;
            case "png" -> PNG;
            case "webp" -> WEBP;
            case "bmp" -> BMP;
            case "tif", "tiff" -> TIFF;
            default -> throw new InpaintException(InpaintException.Kind.UNSUPPORTED_FORMAT, field,
                    "unsupported image format '" + name + "'; use one of jpeg, png, webp, bmp, tiff");
        };
    }

    /** The format of a file name by its extension, or null when the extension is not an image format. */
    public static ImageFormat ofFileName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            return parse(fileName.substring(dot + 1), "file");
        } catch (InpaintException e) {
            return null;
        }
    }

    /** Recognises a format by its leading bytes, or returns null. */
    public static ImageFormat sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return PNG;
        }
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
            return WEBP;
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return BMP;
        }
        if (b.length >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return TIFF;
        }
        return null;
    }
}
