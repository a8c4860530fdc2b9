package org.inpaint.app.http;

import io.vertx.core.json.JsonObject;
import org.inpaint.core.InpaintException;

/** RFC 9457 problem details, with the extension member {@code field} naming the input at fault. */
public record Problem(int status, String title, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(InpaintException e) {
        return new Problem(e.kind().status(), e.kind().title(), e.getMessage(), e.field());
    }

    public String type() {
        return "https://inpaint.dev/problems/" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    public JsonObject toJson(String instance) {
        JsonObject json = new JsonObject().put("type", type()).put("title", title).put("status", status)
                .put("detail", detail).put("instance", instance);
        if (field != null) {
            json.put("field", field);
        }
        return json;
    }
}
