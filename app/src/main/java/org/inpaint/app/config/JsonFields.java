package org.inpaint.app.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.inpaint.core.InpaintException;

/** Typed members of a request's JSON object: a member of the wrong type is a bad input naming it, never a 500. */
public final class JsonFields {

    private JsonFields() {
    }

    /** A string member; {@code fallback} when absent or null. */
    public static String string(JsonObject o, String field, String fallback) {
        return member(o, field, fallback, String.class, "a string");
    }

    /** A boolean member; {@code fallback} when absent or null. */
    public static boolean flag(JsonObject o, String field, boolean fallback) {
        return member(o, field, fallback, Boolean.class, "true or false");
    }

    /** A number member; {@code fallback} when absent or null. */
    public static Number number(JsonObject o, String field, Number fallback) {
        return member(o, field, fallback, Number.class, "a number");
    }

    private static <T> T member(JsonObject o, String field, T fallback, Class<T> type, String expected) {
        Object v = o.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!type.isInstance(v)) {
            throw InpaintException.badInput(field, "'" + field + "' is " + expected + ", got " + typeOf(v));
        }
        return type.cast(v);
    }

    /** "an array", "an object", "a number", "a boolean" or "a string", for messages. */
    public static String typeOf(Object v) {
        return v instanceof JsonArray ? "an array" : v instanceof JsonObject ? "an object"
                : v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : "a string";
    }
}
