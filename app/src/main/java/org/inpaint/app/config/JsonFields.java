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
        Object v = o.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw InpaintException.badInput(field, "'" + field + "' is a string, got " + typeOf(v));
        }
        return s;
    }

    /** A boolean member; {@code fallback} when absent or null. */
    public static boolean flag(JsonObject o, String field, boolean fallback) {
        Object v = o.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw InpaintException.badInput(field, "'" + field + "' is true or false, got " + typeOf(v));
        }
        return b;
    }

    /** A number member; {@code fallback} when absent or null. */
    public static Number number(JsonObject o, String field, Number fallback) {
        Object v = o.getValue(field);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw InpaintException.badInput(field, "'" + field + "' is a number, got " + typeOf(v));
        }
        return n;
    }

    /** "an array", "an object", "a number", "a boolean" or "a string", for messages. */
    public static String typeOf(Object v) {
        return v instanceof JsonArray ? "an array" : v instanceof JsonObject ? "an object"
                : v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : "a string";
    }
}
