package org.mlmlab.training;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mlmlab.AtomicWrite;
import org.mlmlab.SmallFile;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The run's numbers, one row every few steps: training loss (averaged since the previous row),
 * learning rate, gradient norm, speed, and, on evaluation steps, the validation scores (NaN, an
 * empty cell in the CSV, on other rows). Kept as a Tablesaw table and written as metrics.csv.
 */
public final class MetricsLog {
    public static final String FILE = "metrics.csv";
    private static final String[] HEADER = {"step", "epoch", "learning_rate", "train_loss", "gradient_norm", "tokens_per_s",
            "seconds", "val_loss", "val_accuracy", "val_perplexity", "baseline_accuracy"};

    /** One row of the log. */
    public record Row(long step, long epoch, double learningRate, double trainLoss, double gradientNorm, double tokensPerSecond,
                      double seconds, double validationLoss, double validationAccuracy, double baselineAccuracy) {
        public boolean evaluated() {
            return !Double.isNaN(validationAccuracy);
        }

        Row withEvaluation(Evaluation e) {
            return new Row(step, epoch, learningRate, trainLoss, gradientNorm, tokensPerSecond, seconds, e.loss(), e.accuracy(),
                    e.baselineAccuracy());
        }
    }

    private final List<Row> rows = new ArrayList<>();

    public synchronized void add(Row row) {
        rows.add(row);
    }

    /** Adds the evaluation to the row of its step (the last row). */
    public synchronized void addEvaluation(long step, Evaluation e) {
        int last = rows.size() - 1;
        if (last < 0 || rows.get(last).step() != step) {
            throw new IllegalStateException("no row for step " + step);
        }
        rows.set(last, rows.get(last).withEvaluation(e));
    }

    public synchronized List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Rows that carry validation scores. */
    public List<Row> evaluations() {
        return rows().stream().filter(Row::evaluated).toList();
    }

    /** Drops rows after {@code step}: a resumed run redoes them. */
    public synchronized void truncateAfter(long step) {
        rows.removeIf(r -> r.step() > step);
    }

    /** Every row, as a table with readable number formats (the values themselves are unrounded). */
    public Table table() {
        return table("Training metrics", rows());
    }

    /** The rows that carry validation scores, as a table. */
    public Table evaluationTable() {
        return table("Validation scores", evaluations());
    }

    private static Table table(String name, List<Row> rows) {
        return Table.create(name,
                LongColumn.create("step", rows.stream().mapToLong(Row::step).toArray()),
                LongColumn.create("epoch", rows.stream().mapToLong(Row::epoch).toArray()),
                column("learning rate", rows, Row::learningRate, new NumberColumnFormatter(new DecimalFormat("0.0E0"))),
                column("train loss", rows, Row::trainLoss, NumberColumnFormatter.fixedWithGrouping(3)),
                column("gradient norm", rows, Row::gradientNorm, NumberColumnFormatter.fixedWithGrouping(2)),
                column("tokens/s", rows, Row::tokensPerSecond, NumberColumnFormatter.intsWithGrouping()),
                column("seconds", rows, Row::seconds, NumberColumnFormatter.intsWithGrouping()),
                column("val loss", rows, Row::validationLoss, NumberColumnFormatter.fixedWithGrouping(3)),
                column("val accuracy", rows, Row::validationAccuracy, NumberColumnFormatter.percent(1)),
                column("baseline accuracy", rows, Row::baselineAccuracy, NumberColumnFormatter.percent(1)));
    }

    private static DoubleColumn column(String name, List<Row> rows, ToDoubleFunction<Row> value, NumberColumnFormatter format) {
        DoubleColumn column = DoubleColumn.create(name, rows.stream().mapToDouble(value));
        column.setPrintFormatter(format);
        return column;
    }

    public void writeCsv(Path file) throws IOException {
        List<Row> all = rows();
        AtomicWrite.write(file, out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(HEADER).build());
            for (Row r : all) {
                csv.printRecord(r.step(), r.epoch(), r.learningRate(), r.trainLoss(), r.gradientNorm(), r.tokensPerSecond(),
                        r.seconds(), cell(r.validationLoss()), cell(r.validationAccuracy()),
                        cell(Math.exp(r.validationLoss())), cell(r.baselineAccuracy()));
            }
            csv.flush();
        });
    }

    /**
     * Reads a metrics.csv written by {@link #writeCsv}. Anything else is refused, naming the file: a
     * header other than the lab's (a file of NUL bytes or another CSV would otherwise read as no rows),
     * a row that does not parse, or steps that do not increase.
     */
    public static MetricsLog readCsv(Path file) throws IOException {
        MetricsLog log = new MetricsLog();
        SmallFile.check(file, SmallFile.MAX_BYTES);   // a device, or a link to one, is refused before it is read
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            if (!parser.getHeaderNames().equals(List.of(HEADER))) {
                throw new IllegalArgumentException("its first line is not the lab's header (" + String.join(",", HEADER) + ")");
            }
            long lastStep = Long.MIN_VALUE;
            for (CSVRecord r : parser) {
                Row row = new Row(Long.parseLong(r.get("step")), Long.parseLong(r.get("epoch")), number(r.get("learning_rate")),
                        number(r.get("train_loss")), number(r.get("gradient_norm")), number(r.get("tokens_per_s")),
                        number(r.get("seconds")), number(r.get("val_loss")), number(r.get("val_accuracy")),
                        number(r.get("baseline_accuracy")));
                if (row.step() <= lastStep) {
                    throw new IllegalArgumentException("step " + row.step() + " follows step " + lastStep + " on line " + parser.getCurrentLineNumber());
                }
                lastStep = row.step();
                log.add(row);
            }
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(file + " is not a metrics file written by this lab (" + SmallFile.brief(e.getMessage()) + ")", e);
        }
        return log;
    }

    private static String cell(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }
}
