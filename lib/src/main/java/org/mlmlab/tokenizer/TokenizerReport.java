package org.mlmlab.tokenizer;

import it.unimi.dsi.fastutil.objects.Object2IntMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlmlab.notebook.TokenStrip;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

/** What lesson 2 shows about a trained tokenizer: its merges, its coverage, and how it splits text. */
public final class TokenizerReport {
    private static final String[] WORD_COLOURS = {"#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#ede9fe", "#cffafe"};

    private TokenizerReport() {
    }

    /** Merges {@code from} (0-based) to {@code from + n}, as a table. */
    public static Table merges(WordPieceTrainer.Result result, int from, int n) {
        List<WordPieceTrainer.Merge> m = result.merges().subList(Math.min(from, result.merges().size()),
                Math.min(from + n, result.merges().size()));
        return Table.create("Merges " + (from + 1) + " to " + (from + m.size()),
                IntColumn.create("merge", java.util.stream.IntStream.rangeClosed(from + 1, from + m.size()).toArray()),
                StringColumn.create("left", m.stream().map(WordPieceTrainer.Merge::left).toList()),
                StringColumn.create("right", m.stream().map(WordPieceTrainer.Merge::right).toList()),
                StringColumn.create("new token", m.stream().map(WordPieceTrainer.Merge::token).toList()),
                IntColumn.create("pair count", m.stream().mapToInt(WordPieceTrainer.Merge::count).toArray()));
    }

    /**
     * Coverage as the vocabulary grows: for the first k tokens, the share of word occurrences in
     * {@code texts} that are a single whole-word token. Words are what BERT's pre-tokenizer makes.
     */
    public static XYChart coverageChart(WordPieceTrainer.Result result, List<String> texts, int points) {
        Object2IntOpenHashMap<String> counts = WordCounter.count(texts, result.config().normalizer());
        Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
        for (int i = 0; i < result.tokens().size(); i++) {
            ids.put(result.tokens().get(i), i);
        }
        int size = result.tokens().size();
        long[] wholeWordsAt = new long[size + 1];
        long total = 0;
        for (Object2IntMap.Entry<String> e : counts.object2IntEntrySet()) {
            total += e.getIntValue();
            if (ids.containsKey(e.getKey())) {
                wholeWordsAt[ids.getInt(e.getKey())] += e.getIntValue();
            }
        }
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        long covered = 0;
        int step = Math.max(1, size / points);
        for (int k = 0; k < size; k++) {
            covered += wholeWordsAt[k];
            if ((k + 1) % step == 0 || k == size - 1) {
                x.add((double) k + 1);
                y.add(100.0 * covered / Math.max(1, total));
            }
        }
        XYChart chart = new XYChartBuilder().width(700).height(350).title("Words that are one whole token")
                .xAxisTitle("vocabulary size").yAxisTitle("% of word occurrences").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("coverage", x, y).setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /** Measured on real text through the saved tokenizer: how often [UNK] appears and how many tokens a word takes. */
    public record Quality(long words, long tokens, long unknown) {
        public double tokensPerWord() {
            return (double) tokens / Math.max(1, words);
        }

        public double unknownPercent() {
            return 100.0 * unknown / Math.max(1, tokens);
        }

        public Table table(String title) {
            return Table.create(title,
                    StringColumn.create("measure", "words", "tokens", "tokens per word", "[UNK] tokens", "[UNK] rate"),
                    StringColumn.create("value", String.format("%,d", words), String.format("%,d", tokens),
                            String.format("%.3f", tokensPerWord()), String.format("%,d", unknown),
                            String.format("%.3f %%", unknownPercent())));
        }
    }

    public static Quality quality(LabTokenizer tokenizer, List<String> texts) {
        int unk = tokenizer.id("[UNK]");
        long words = 0;
        long tokens = 0;
        long unknown = 0;
        for (LabTokenizer.Encoded e : tokenizer.encode(texts)) {
            tokens += e.length();
            long lastWord = -1;
            for (int i = 0; i < e.length(); i++) {
                if (e.wordIds()[i] != lastWord) {
                    words++;
                    lastWord = e.wordIds()[i];
                }
                if (e.ids()[i] == unk) {
                    unknown++;
                }
            }
        }
        return new Quality(words, tokens, unknown);
    }

    /** A text as coloured pieces: the pieces of one word share a colour, so splits stand out. */
    public static TokenStrip pieces(LabTokenizer tokenizer, String text) {
        LabTokenizer.Encoded e = tokenizer.encode(text);
        List<TokenStrip.Token> tokens = new ArrayList<>();
        for (int i = 0; i < e.length(); i++) {
            String colour = e.tokens()[i].equals("[UNK]") ? "#fca5a5" : WORD_COLOURS[(int) (e.wordIds()[i] % WORD_COLOURS.length)];
            tokens.add(new TokenStrip.Token(e.tokens()[i], colour, "id " + e.ids()[i]));
        }
        return new TokenStrip("", tokens);
    }
}
