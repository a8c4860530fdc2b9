package org.inpaint.core;

import java.util.Objects;

/**
 * An error a caller can act on: it names the input at fault ({@link #field()}) and what is wrong with it.
 * The HTTP layer turns it into RFC 9457 problem details, the CLI into one line on stderr.
 */
public class InpaintException extends RuntimeException {

    /** What went wrong, with the HTTP status that describes it best. */
    public enum Kind {
        BAD_INPUT(400, "Bad input"),
        UNREADABLE_IMAGE(422, "Unreadable image"),
        UNSUPPORTED_FORMAT(415, "Unsupported format"),
        TOO_LARGE(413, "Too large"),
        UNKNOWN_ENGINE(400, "Unknown engine"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        ENGINE_UNAVAILABLE(503, "Engine unavailable"),
        OVERLOADED(503, "Overloaded"),
        INTERNAL(500, "Internal error");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;
    private final String field;

    public InpaintException(Kind kind, String field, String message) {
        this(kind, field, message, null);
    }

    public InpaintException(Kind kind, String field, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.field = field;
    }

    public static InpaintException badInput(String field, String message) {
        return new InpaintException(Kind.BAD_INPUT, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input at fault (a form field, a CLI option, a header), or null when no single input is. */
    public String field() {
        return field;
    }
}
