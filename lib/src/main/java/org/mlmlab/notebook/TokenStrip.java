package org.mlmlab.notebook;

import java.util.List;

/**
 * A sentence drawn as coloured token boxes, e.g. masked tokens red and padding grey.
 * Each token carries a colour (any CSS colour) and a tooltip.
 */
public record TokenStrip(String title, List<Token> tokens) {

    /** One box: the text shown, its background colour, and a tooltip (may be empty). */
    public record Token(String text, String colour, String tooltip) {
        public Token(String text, String colour) {
            this(text, colour, "");
        }
    }

    public TokenStrip {
        tokens = List.copyOf(tokens);
    }

    public String toHtml() {
        // A flex row that wraps: spans set side by side with nothing between them are one unbreakable word to the browser,
        // and a long strip ran past the output area's right edge.
        StringBuilder html = new StringBuilder("<div style=\"font-family:monospace;line-height:1.8;display:flex;flex-wrap:wrap;"
                + "align-items:center;gap:2px;max-width:100%\">");
        if (!title.isEmpty()) {
            html.append("<b style=\"margin-right:4px\">").append(Html.escape(title)).append("</b>");
        }
        for (Token t : tokens) {
            html.append("<span title=\"").append(Html.escape(t.tooltip()))
                    .append("\" style=\"background:").append(Html.escape(t.colour()))
                    .append(";padding:2px 4px;margin:1px;border-radius:3px;border:1px solid #bbb\">")
                    .append(Html.escape(t.text())).append("</span>");
        }
        return html.append("</div>").toString();
    }

    public String toText() {
        StringBuilder text = new StringBuilder(title.isEmpty() ? "" : title + " ");
        for (Token t : tokens) {
            text.append('[').append(t.text()).append(']');
        }
        return text.toString();
    }
}
