package org.mlmlab.prediction;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.util.List;

/**
 * The model's answer for one sentence, printed in the seed notebook's format:
 * <pre>
 * masked: you predicted: you
 * ACTUAL: hello! how are you?
 * MASKED: hello! how are [MASK]?
 * MODEL:  hello! how are you?
 * </pre>
 * (no ACTUAL line when the text came with its own [MASK]s: there is nothing to compare with).
 */
public record Prediction(String actualText, String maskedText, String modelText, List<MaskedWord> words) {

    /** All hidden words restored exactly. */
    public boolean allCorrect() {
        return words.stream().allMatch(MaskedWord::correct);
    }

    /** The candidates of every hidden word: its number, rank, word and probability. */
    public Table topK() {
        Table table = Table.create("Top candidates for " + maskedText, IntColumn.create("mask"), IntColumn.create("rank"),
                StringColumn.create("word"), DoubleColumn.create("probability"));
        for (int w = 0; w < words.size(); w++) {
            List<Candidate> candidates = words.get(w).candidates();
            for (int r = 0; r < candidates.size(); r++) {
                table.intColumn("mask").append(w + 1);
                table.intColumn("rank").append(r + 1);
                table.stringColumn("word").append(candidates.get(r).token());
                table.doubleColumn("probability").append(candidates.get(r).probability());
            }
        }
        table.doubleColumn("probability").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        return table;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (MaskedWord w : words) {
            out.append("masked: ").append(w.actual() == null ? "[MASK]" : w.actual()).append(" predicted: ").append(w.predicted()).append('\n');
        }
        if (actualText != null) {
            out.append("ACTUAL: ").append(actualText).append('\n');
        }
        out.append("MASKED: ").append(maskedText).append('\n');
        out.append("MODEL:  ").append(modelText);
        return out.toString();
    }
}
