package org.mlmlab.corpus;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A first look at a corpus: how many texts and words, how long the texts are, which words are
 * frequent. A word here is a run of letters and digits, lowercased: punctuation separates words
 * and is not counted ("Don't!" is "don" and "t", as BERT's pre-tokenizer would split it).
 */
public final class CorpusStats {
    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");
    private final Corpus corpus;
    private final int[] wordsPerText;
    private final Map<String, Integer> wordCounts = new HashMap<>();
    private long characters;

    private CorpusStats(Corpus corpus) {
        this.corpus = corpus;
        this.wordsPerText = new int[corpus.size()];
        for (int i = 0; i < corpus.size(); i++) {
            String text = corpus.texts().get(i);
            characters += text.length();
            for (String word : wordsOf(text)) {
                wordCounts.merge(word, 1, Integer::sum);
                wordsPerText[i]++;
            }
        }
    }

    /** The words of a text: runs of letters and digits, lowercased. */
    private static List<String> wordsOf(String text) {
        return Arrays.stream(NOT_A_WORD.split(text.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toList();
    }

    public static CorpusStats of(Corpus corpus) {
        return new CorpusStats(corpus);
    }

    public long words() {
        return Arrays.stream(wordsPerText).asLongStream().sum();
    }

    public int distinctWords() {
        return wordCounts.size();
    }

    /** Counts and length statistics as a two-column table. */
    public Table summary() {
        int[] sorted = wordsPerText.clone();
        Arrays.sort(sorted);
        double mean = sorted.length == 0 ? 0 : (double) words() / sorted.length;
        StringColumn what = StringColumn.create("statistic", "texts", "words", "distinct words", "characters",
                "words per text: mean", "words per text: median", "words per text: 95th percentile", "words per text: max");
        StringColumn value = StringColumn.create("value",
                String.format("%,d", corpus.size()), String.format("%,d", words()), String.format("%,d", distinctWords()),
                String.format("%,d", characters), String.format("%.1f", mean), String.valueOf(percentile(sorted, 50)),
                String.valueOf(percentile(sorted, 95)), String.valueOf(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        return Table.create(corpus.name() + ": summary", what, value);
    }

    /** The {@code n} most frequent words, with their count and share of all words. */
    public Table topWords(int n) {
        List<Map.Entry<String, Integer>> top = new ArrayList<>(wordCounts.entrySet());
        top.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        top = top.subList(0, Math.min(n, top.size()));
        long total = Math.max(1, words());
        return Table.create("The " + top.size() + " most frequent words",
                IntColumn.create("rank", java.util.stream.IntStream.rangeClosed(1, top.size()).toArray()),
                StringColumn.create("word", top.stream().map(Map.Entry::getKey).toList()),
                IntColumn.create("count", top.stream().mapToInt(Map.Entry::getValue).toArray()),
                DoubleColumn.create("% of words", top.stream().mapToDouble(e -> Math.round(10000.0 * e.getValue() / total) / 100.0).toArray()));
    }

    /** A histogram of text lengths in words, in buckets of {@code bucket} words (the last bucket holds the rest). */
    public CategoryChart lengthHistogram(int bucket, int maxWords) {
        int buckets = maxWords / bucket + 1;
        double[] counts = new double[buckets];
        for (int n : wordsPerText) {
            counts[Math.min(n / bucket, buckets - 1)]++;
        }
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            labels.add(b == buckets - 1 ? (b * bucket) + "+" : String.valueOf(b * bucket));
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(350).title("Words per text: " + corpus.name())
                .xAxisTitle("words (bucket start)").yAxisTitle("texts").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.addSeries("texts", labels, Arrays.stream(counts).boxed().toList());
        return chart;
    }

    private static int percentile(int[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
