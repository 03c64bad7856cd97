package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import org.knowm.xchart.HeatMapChart;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.visualisation.AttentionMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A word's two kinds of vector in the trained model. Its <b>input embedding</b> is a row of the
 * token table: the same wherever the word occurs. Its <b>contextual vector</b> is what the encoder
 * makes of it in one sentence, after every layer has mixed in its neighbours: "bank" by a river
 * and "bank" with money get different vectors. A word cut into several pieces gets the mean of its
 * pieces' vectors.
 */
public final class ContextualEmbeddings {
    /** A word found near another: the token, its cosine similarity, and where it stood (for contextual neighbours). */
    public record Neighbour(String token, double similarity, String context) {
        @Override
        public String toString() {
            return String.format("%s %.2f", context.isEmpty() ? token : context, similarity);
        }
    }

    /** A word in a sentence, with the sense it has there (a label for the tables, e.g. "river" or "money"). */
    public record Context(String word, String sense, String sentence) {
        String label() {
            return word + " (" + sense + ")";
        }
    }

    private final MlmModel model;
    private final LabTokenizer tokenizer;
    private final Vocabulary vocab;
    private final NDManager manager;

    public ContextualEmbeddings(MlmModel model, LabTokenizer tokenizer, NDManager manager) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocab = Vocabulary.of(tokenizer);
        this.manager = manager;
    }

    /** The encoder's vector for each token of {@code sentence}: (tokens, dim). */
    public float[][] vectors(String sentence) {
        int[] ids = tokenizer.encode(sentence).intIds();
        if (ids.length == 0) {
            throw new IllegalArgumentException("'" + sentence + "' has no tokens: give a sentence with words in it");
        }
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(List.of(MaskedSequence.hiding(ids, new int[0], vocab.maskId())),
                     BatchLayout.longest(ids.length), vocab.padId(), manager)) {
            NDArray hidden = model.encode(new ParameterStore(manager, false), batch.ids(), batch.segments(), false, false).head();
            return rows(hidden.get(0).toFloatArray(), model.config().dim());
        }
    }

    /** The contextual vector of {@code word} where it first occurs in {@code sentence}. */
    public float[] inContext(String sentence, String word) {
        LabTokenizer.Encoded encoded = tokenizer.encode(sentence);
        List<Integer> pieces = piecesOf(encoded, word);
        return mean(vectors(sentence), pieces);
    }

    /** The input embedding of {@code word}: its pieces' rows of the token table, averaged. The same in every sentence. */
    public float[] input(String word) {
        int[] ids = tokenizer.encode(word).intIds();
        if (ids.length == 0) {
            throw new IllegalArgumentException("'" + word + "' has no tokens");
        }
        NDArray table = model.namedParameters().get("tok.weight").getArray();
        float[][] rows = new float[ids.length][];
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            rows[i] = table.get(ids[i]).toFloatArray();
            all.add(i);
        }
        return mean(rows, all);
    }

    /** The {@code k} tokens of the vocabulary whose input embeddings are closest to {@code word}'s (specials left out). */
    public List<Neighbour> nearestTokens(String word, int k) {
        float[] query = input(word);
        float[][] table = rows(model.namedParameters().get("tok.weight").getArray().toFloatArray(), model.config().dim());
        List<Neighbour> all = new ArrayList<>();
        for (int id = 0; id < table.length; id++) {
            String token = tokenizer.token(id);
            if (!vocab.special()[id] && !token.equals(word.toLowerCase(Locale.ROOT))) {
                all.add(new Neighbour(token, cosine(query, table[id]), ""));
            }
        }
        return top(all, k);
    }

    /**
     * The {@code k} token occurrences in {@code sentences} whose contextual vectors are closest to
     * {@code word}'s in {@code sentence}, each with a few words around it.
     */
    public List<Neighbour> nearestInContext(String sentence, String word, List<String> sentences, int k) {
        float[] query = inContext(sentence, word);
        List<Neighbour> all = new ArrayList<>();
        for (String other : sentences) {
            LabTokenizer.Encoded encoded = tokenizer.encode(other);
            if (encoded.length() == 0 || other.equals(sentence)) {
                continue;
            }
            float[][] vectors = vectors(other);
            for (int t = 0; t < vectors.length; t++) {
                all.add(new Neighbour(encoded.tokens()[t], cosine(query, vectors[t]), around(encoded.tokens(), t)));
            }
        }
        return top(all, k);
    }

    /**
     * Every pair of contexts of the same word: the cosine similarity of its contextual vectors, and of
     * its input embeddings (always 1: it is the same row of the token table), same sense or not.
     */
    public Table pairs(List<Context> contexts) {
        StringColumn word = StringColumn.create("word");
        StringColumn first = StringColumn.create("sentence A");
        StringColumn second = StringColumn.create("sentence B");
        StringColumn sameSense = StringColumn.create("same sense?");
        DoubleColumn contextual = DoubleColumn.create("contextual cosine");
        DoubleColumn input = DoubleColumn.create("input cosine");
        for (int i = 0; i < contexts.size(); i++) {
            for (int j = i + 1; j < contexts.size(); j++) {
                Context a = contexts.get(i);
                Context b = contexts.get(j);
                if (a.word().equals(b.word())) {
                    word.append(a.word());
                    first.append(a.sentence());
                    second.append(b.sentence());
                    sameSense.append(a.sense().equals(b.sense()) ? "yes (" + a.sense() + ")" : "no");
                    contextual.append(Math.round(100 * cosine(inContext(a.sentence(), a.word()), inContext(b.sentence(), b.word()))) / 100.0);
                    input.append(Math.round(100 * cosine(input(a.word()), input(b.word()))) / 100.0);
                }
            }
        }
        return Table.create("One word, two senses", word, first, second, sameSense, contextual, input);
    }

    /** The cosine similarity of every two contexts' contextual vectors, as a heatmap. */
    public HeatMapChart map(List<Context> contexts) {
        List<String> labels = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Context c : contexts) {
            labels.add(c.label());
            vectors.add(inContext(c.sentence(), c.word()));
        }
        return similarityMap("Contextual vectors: cosine similarity", labels, vectors);
    }

    /** Cosine similarity: 1 for the same direction, 0 for unrelated (orthogonal) vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** Every pair's cosine similarity as a heatmap, one row and column per labelled vector. */
    public static HeatMapChart similarityMap(String title, List<String> labels, List<float[]> vectors) {
        float[][] grid = new float[vectors.size()][vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            for (int j = 0; j < vectors.size(); j++) {
                grid[i][j] = (float) cosine(vectors.get(i), vectors.get(j));
            }
        }
        HeatMapChart chart = AttentionMap.of(title, grid, labels);
        chart.setXAxisTitle("");
        chart.setYAxisTitle("");
        // -1 red (opposite), 0 white (unrelated), 1 blue (the same direction)
        chart.getStyler().setRangeColors(new Color[] {new Color(220, 38, 38), Color.WHITE, new Color(37, 99, 235)});
        chart.getStyler().setMin(-1);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        return chart;
    }

    /** The positions of the pieces of the first whole word of {@code encoded} that spells {@code word}. */
    private static List<Integer> piecesOf(LabTokenizer.Encoded encoded, String word) {
        String wanted = word.toLowerCase(Locale.ROOT);
        int t = 0;
        while (t < encoded.length()) {
            int end = t + 1;
            StringBuilder spelled = new StringBuilder(encoded.tokens()[t]);
            while (end < encoded.length() && encoded.wordIds()[end] == encoded.wordIds()[t]) {
                spelled.append(encoded.tokens()[end].replaceFirst("^##", ""));
                end++;
            }
            if (spelled.toString().equals(wanted)) {
                List<Integer> pieces = new ArrayList<>();
                for (int i = t; i < end; i++) {
                    pieces.add(i);
                }
                return pieces;
            }
            t = end;
        }
        throw new IllegalArgumentException("'" + word + "' is not a word of the sentence (its tokens: "
                + String.join(" ", encoded.tokens()) + "): name a word as it is written there");
    }

    private static float[] mean(float[][] vectors, List<Integer> rows) {
        float[] mean = new float[vectors[0].length];
        for (int r : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += vectors[r][i] / rows.size();
            }
        }
        return mean;
    }

    private static float[][] rows(float[] flat, int dim) {
        float[][] rows = new float[flat.length / dim][dim];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(flat, r * dim, rows[r], 0, dim);
        }
        return rows;
    }

    private static List<Neighbour> top(List<Neighbour> all, int k) {
        return all.stream().sorted(Comparator.comparingDouble(Neighbour::similarity).reversed()).limit(k).toList();
    }

    /** Up to three tokens either side of position t, t's token in brackets. */
    private static String around(String[] tokens, int t) {
        StringBuilder s = new StringBuilder();
        for (int i = Math.max(0, t - 3); i < Math.min(tokens.length, t + 4); i++) {
            s.append(i == t ? "[" + tokens[i] + "]" : tokens[i]).append(' ');
        }
        return s.toString().strip().replace(" ##", "");
    }
}
