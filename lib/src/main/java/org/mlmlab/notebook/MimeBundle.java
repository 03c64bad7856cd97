package org.mlmlab.notebook;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one Jupyter output holds: the same content in several MIME types (HTML, PNG, plain
 * text...). The front end shows the richest one it understands; a terminal prints the text.
 */
public record MimeBundle(Map<String, String> data) {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";

    public MimeBundle {
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a display needs a text/plain fallback");
        }
        data = Map.copyOf(data);
    }

    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    public static MimeBundle html(String html, String text) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(HTML, html);
        data.put(TEXT, text);
        return new MimeBundle(data);
    }

    public static MimeBundle png(byte[] png, String text) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PNG, Base64.getEncoder().encodeToString(png));
        data.put(TEXT, text);
        return new MimeBundle(data);
    }

    public String plainText() {
        return data.get(TEXT);
    }
}
