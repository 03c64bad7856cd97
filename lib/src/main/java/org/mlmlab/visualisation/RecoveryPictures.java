package org.mlmlab.visualisation;

import org.mlmlab.Exercise;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.notebook.Html;
import org.mlmlab.notebook.MimeBundle;
import org.mlmlab.notebook.TokenStrip;
import org.mlmlab.tokenizer.LabTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/** Lesson 7's pictures of token recovery, drawn from a {@link RecoveryLog}. */
public final class RecoveryPictures {
    static final String RIGHT = "#8fd19e";
    static final String WRONG = "#f4a6a6";
    static final String PLAIN = "#f4f4f4";

    /** A frequency band: tokens whose frequency rank in the training data is in [from, to). */
    public record Band(String name, int from, int to) {
    }

    /** The bands lesson 7 compares: the most frequent words first, rare ones last. */
    public static final List<Band> BANDS = List.of(new Band("100 most frequent tokens", 0, 100),
            new Band("frequency rank 100-999", 100, 1000), new Band("rank 1,000 and rarer", 1000, Integer.MAX_VALUE));

    private RecoveryPictures() {
    }

    /** Each token id's rank by training frequency (0: the most frequent). */
    public static int[] frequencyRanks(long[] counts) {
        Integer[] order = IntStream.range(0, counts.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingLong((Integer id) -> -counts[id]).thenComparingInt(id -> id));
        int[] rank = new int[counts.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }

    /** Masked-token accuracy on the probe against training step: all tokens, and each frequency band. */
    public static XYChart accuracyByFrequency(RecoveryLog log, long[] tokenCounts) {
        Exercise.RECOVERY.refuseDuringItsCheck("RecoveryPictures.accuracyByFrequency");
        int[] rank = frequencyRanks(tokenCounts);
        double[] steps = log.snapshots().stream().mapToDouble(RecoveryLog.Snapshot::step).toArray();
        XYChart chart = new XYChartBuilder().width(820).height(400).title("Which tokens come back first")
                .xAxisTitle("training step").yAxisTitle("probe tokens recovered (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);   // inside, it covered the top curve
        chart.getStyler().setYAxisMin(0.0);
        addCurve(chart, "all " + log.labels().length + " probe tokens", log, steps, t -> true);
        for (Band band : BANDS) {
            IntPredicate inBand = t -> rank[log.labels()[t]] >= band.from() && rank[log.labels()[t]] < band.to();
            long n = IntStream.range(0, log.labels().length).filter(inBand).count();
            if (n > 0) {
                addCurve(chart, band.name() + " (" + n + ")", log, steps, inBand);
            }
        }
        return chart;
    }

    private static void addCurve(XYChart chart, String name, RecoveryLog log, double[] steps, IntPredicate include) {
        double[] accuracy = IntStream.range(0, steps.length).mapToDouble(i -> 100 * log.accuracy(i, include)).toArray();
        chart.addSeries(name, steps, accuracy).setMarker(SeriesMarkers.CIRCLE);
    }

    /**
     * The recovery grid: one row per probe token (the first {@code tokens} of them), one column
     * per snapshot; green where the model restored the token, red where it did not, darker the
     * surer it was. Hover a cell for the model's answer.
     */
    public static MimeBundle grid(RecoveryLog log, LabTokenizer tokenizer, int tokens, int maxColumns) {
        List<Integer> columns = spread(log.snapshots().size(), maxColumns);
        int rows = Math.min(tokens, log.labels().length);
        StringBuilder html = new StringBuilder("<table style=\"border-collapse:collapse;font-family:monospace;font-size:11px\"><tr><th>token</th>");
        StringBuilder text = new StringBuilder(String.format("%-14s", "token \\ step"));
        for (int c : columns) {
            long step = log.snapshots().get(c).step();
            html.append("<th style=\"writing-mode:vertical-rl;padding:1px\">").append(step).append("</th>");
            text.append(' ').append(step);
        }
        html.append("</tr>");
        for (int t = 0; t < rows; t++) {
            String word = tokenizer.token(log.labels()[t]);
            html.append("<tr><td style=\"padding:0 6px\">").append(Html.escape(word)).append("</td>");
            text.append('\n').append(String.format("%-14s", word));
            for (int c : columns) {
                RecoveryLog.Snapshot s = log.snapshots().get(c);
                boolean right = s.correct(t, log.labels());
                double p = s.probability()[t];
                String colour = right ? String.format("rgba(40,160,70,%.2f)", 0.35 + 0.65 * p)
                        : String.format("rgba(220,60,60,%.2f)", 0.25 + 0.5 * (1 - p));
                html.append("<td title=\"step ").append(s.step()).append(": ").append(Html.escape(tokenizer.token(s.predicted()[t])))
                        .append(String.format(", p(%s) = %.2f", Html.escape(word), p)).append("\" style=\"background:").append(colour)
                        .append(";width:14px;height:14px;border:1px solid white\"></td>");
                text.append(right ? " #" : " .");
            }
            html.append("</tr>");
        }
        return MimeBundle.html(html.append("</table>").toString(), text.toString());
    }

    /**
     * One probe sentence as the model filled it in at several moments of training: its masked
     * tokens replaced by the model's answer, green when right, red when wrong.
     */
    public static MimeBundle sentenceOverTraining(RecoveryLog log, LabTokenizer tokenizer, int sentence, int maxRows) {
        List<MaskedSequence> probe = RecoveryRecorder.probe(log.sentences(), tokenizer, log.seed()).sequences();
        int first = 0;
        for (int s = 0; s < sentence; s++) {
            first += probe.get(s).selected();
        }
        MaskedSequence target = probe.get(sentence);
        StringBuilder html = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int c : spread(log.snapshots().size(), maxRows)) {
            RecoveryLog.Snapshot snapshot = log.snapshots().get(c);
            List<TokenStrip.Token> tokens = new ArrayList<>();
            int k = first;
            for (int i = 0; i < target.length(); i++) {
                String original = tokenizer.token(target.original()[i]);
                if (target.labels()[i] == MaskedSequence.IGNORE) {
                    tokens.add(new TokenStrip.Token(original, PLAIN));
                } else {
                    String guess = tokenizer.token(snapshot.predicted()[k]);
                    boolean right = snapshot.correct(k, log.labels());
                    tokens.add(new TokenStrip.Token(guess, right ? RIGHT : WRONG, "original: " + original
                            + String.format(", p = %.2f", snapshot.probability()[k])));
                    k++;
                }
            }
            TokenStrip strip = new TokenStrip(String.format("step %5d", snapshot.step()), tokens);
            html.append(strip.toHtml());
            text.append(strip.toText()).append('\n');
        }
        return MimeBundle.html(html.toString(), text.toString().stripTrailing());
    }

    /** Up to {@code max} indices spread evenly over 0..n-1, always with the first and the last. */
    static List<Integer> spread(int n, int max) {
        List<Integer> out = new ArrayList<>();
        if (n <= max) {
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }
        for (int i = 0; i < max; i++) {
            int index = (int) Math.round((double) i * (n - 1) / (max - 1));
            if (out.isEmpty() || out.get(out.size() - 1) != index) {
                out.add(index);
            }
        }
        return out;
    }
}
