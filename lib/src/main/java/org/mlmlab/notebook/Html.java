package org.mlmlab.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The little HTML the lessons need: escaping, and Tablesaw tables as HTML tables. */
public final class Html {
    /** Tables longer than this show their head and tail, as Tablesaw's own printer does. */
    static final int MAX_ROWS = 40;

    private Html() {
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String table(Table table) {
        StringBuilder html = new StringBuilder("<table>");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption style=\"font-weight:bold\">").append(escape(table.name())).append("</caption>");
        }
        html.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th>").append(escape(c.name())).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        int rows = table.rowCount();
        for (int r = 0; r < rows; r++) {
            if (rows > MAX_ROWS && r == MAX_ROWS / 2) {
                html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ")
                        .append(rows - MAX_ROWS).append(" more rows …</td></tr>");
                r = rows - MAX_ROWS / 2;
            }
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                html.append("<td>").append(escape(c.getString(r))).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }
}
