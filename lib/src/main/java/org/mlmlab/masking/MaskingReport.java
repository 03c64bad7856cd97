package org.mlmlab.masking;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.mlmlab.notebook.TokenStrip;
import org.mlmlab.tokenizer.LabTokenizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What lesson 3 shows: masked sequences as coloured tokens, and the rates masking really produced. */
public final class MaskingReport {
    /** Colours of the four kinds of position, and of padding. */
    public static final Map<MaskKind, String> COLOURS = Map.of(
            MaskKind.NONE, "#e5e7eb", MaskKind.MASKED, "#fca5a5", MaskKind.RANDOM, "#fcd34d", MaskKind.KEPT, "#86efac");
    public static final String PADDING_COLOUR = "#f9fafb";

    private MaskingReport() {
    }

    /** A sequence as the model sees it, coloured by what masking did; padded to {@code padTo} tokens (0: no padding). */
    public static TokenStrip strip(String title, LabTokenizer tokenizer, MaskedSequence s, int padTo) {
        List<TokenStrip.Token> tokens = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            String shown = tokenizer.token(s.input()[i]);
            String tip = switch (s.kinds()[i]) {
                case NONE -> "not selected";
                case MASKED -> "masked: was " + tokenizer.token(s.original()[i]);
                case RANDOM -> "random token: was " + tokenizer.token(s.original()[i]);
                case KEPT -> "selected, kept unchanged: must still be predicted";
            };
            tokens.add(new TokenStrip.Token(s.kinds()[i] == MaskKind.RANDOM ? shown + " ←" + tokenizer.token(s.original()[i]) : shown,
                    COLOURS.get(s.kinds()[i]), tip));
        }
        for (int i = s.length(); i < padTo; i++) {
            tokens.add(new TokenStrip.Token("[PAD]", PADDING_COLOUR, "padding: never selected, ignored by attention"));
        }
        return new TokenStrip(title, tokens);
    }

    /** Counts over many masked sequences. */
    public record Rates(long realTokens, long selected, long masked, long random, long kept) {
        public static Rates of(List<MaskedSequence> sequences) {
            long real = 0;
            long[] kinds = new long[MaskKind.values().length];
            for (MaskedSequence s : sequences) {
                real += s.length();
                for (MaskKind k : s.kinds()) {
                    kinds[k.ordinal()]++;
                }
            }
            long selected = kinds[1] + kinds[2] + kinds[3];
            return new Rates(real, selected, kinds[1], kinds[2], kinds[3]);
        }

        public double selectedPercent() {
            return 100.0 * selected / Math.max(1, realTokens);
        }

        private double share(long n) {
            return 100.0 * n / Math.max(1, selected);
        }

        /** One row of the comparison table. */
        void addTo(Table table, String name) {
            table.stringColumn("rule").append(name);
            table.doubleColumn("selected % of tokens").append(round(selectedPercent()));
            table.doubleColumn("[MASK] % of selected").append(round(share(masked)));
            table.doubleColumn("random % of selected").append(round(share(random)));
            table.doubleColumn("kept % of selected").append(round(share(kept)));
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    /** Measured rates of several rules side by side. */
    public static Table compare(Map<String, Rates> rules) {
        Table table = Table.create("Measured masking rates",
                StringColumn.create("rule"), DoubleColumn.create("selected % of tokens"),
                DoubleColumn.create("[MASK] % of selected"), DoubleColumn.create("random % of selected"),
                DoubleColumn.create("kept % of selected"));
        rules.forEach((name, rates) -> rates.addTo(table, name));
        return table;
    }

    /** A bar chart of what happened to the real tokens of a batch. */
    public static CategoryChart chart(String title, Rates r) {
        CategoryChart chart = new CategoryChartBuilder().width(600).height(300).title(title)
                .xAxisTitle("what happened to a real token").yAxisTitle("% of real tokens").build();
        chart.getStyler().setLegendVisible(false);
        double n = Math.max(1, r.realTokens());
        chart.addSeries("tokens", List.of("not selected", "[MASK]", "random", "kept"),
                List.of(100 * (n - r.selected()) / n, 100 * r.masked() / n, 100 * r.random() / n, 100 * r.kept() / n));
        return chart;
    }
}
