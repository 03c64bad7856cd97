package org.mlmlab.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.mlmlab.FileError;
import org.mlmlab.LearningRateDecay;
import org.mlmlab.SmallFile;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A run as its folder holds it: its latest checkpoint's settings (model and training config) and
 * state, and the metrics logged up to that checkpoint. What {@code ./lab runs} lists, what
 * {@code ./lab compare} and the lessons' comparisons read, and where a resumed run starts from.
 */
public record RunRecord(String name, Path directory, Path checkpoint, ModelConfig model, TrainingConfig config, TrainingState state,
                        MetricsLog metrics) {
    static final String CONFIG_FILE = "training.json";
    static final String STATE_FILE = "state.json";
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** The run in {@code directory}, from its latest complete checkpoint. */
    public static RunRecord load(String name, Path directory) {
        Path checkpoint = RunFolder.at(directory).latestCheckpoint().orElseThrow(() -> new IllegalArgumentException(
                "No run in " + directory.toAbsolutePath() + " (no checkpoint). Train it first: ./lab train --out " + directory));
        TrainingConfig config = read(checkpoint.resolve(CONFIG_FILE), TrainingConfig.class, RunRecord::savedBeforeDecays);
        TrainingState state = read(checkpoint.resolve(STATE_FILE), TrainingState.class, saved -> { });
        ModelConfig model = ModelFiles.describe(checkpoint).config();
        MetricsLog metrics = metricsUpTo(checkpoint, directory, state.step());
        return new RunRecord(name, directory, checkpoint, model, config, state, metrics);
    }

    /**
     * The metrics up to {@code step}: the checkpoint's own copy (committed with it) and the run's
     * metrics.csv beside the checkpoints (which may be behind, or ahead after later steps), whichever
     * holds more rows up to the checkpoint. A copy that is not a metrics file is refused by name,
     * never read as "no rows": a resume writes these metrics back as the run's record.
     */
    private static MetricsLog metricsUpTo(Path checkpoint, Path directory, long step) {
        MetricsLog best = new MetricsLog();
        for (Path file : List.of(checkpoint.resolve(MetricsLog.FILE), directory.resolve(MetricsLog.FILE))) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            MetricsLog log;
            try {
                log = MetricsLog.readCsv(file);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new IllegalArgumentException(FileError.cannotRead(file, e), e);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage() + ". Delete it: the run's other copy of its metrics, if any, is used "
                        + "instead (without one, the run continues with no earlier metrics).", e);
            }
            log.truncateAfter(step);   // rows after the checkpoint are redone by a resumed run
            if (log.rows().size() > best.rows().size()) {
                best = log;
            }
        }
        return best;
    }

    /** A training config saved before the decay was a setting: that run decayed by a cosine. */
    static void savedBeforeDecays(JsonObject config) {
        if (!config.has("decay")) {
            config.addProperty("decay", LearningRateDecay.COSINE.name());
        }
    }

    /** The {@code type} saved in {@code file}, after {@code upgrade} has added what older files lack. */
    static <T> T read(Path file, Class<T> type, Consumer<JsonObject> upgrade) {
        try {
            JsonElement saved = JsonParser.parseString(SmallFile.read(file));
            if (saved.isJsonObject()) {
                upgrade.accept(saved.getAsJsonObject());
            }
            T value = GSON.fromJson(saved, type);
            if (value == null) {
                throw new JsonParseException("empty");
            }
            return value;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(FileError.cannotRead(file, e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(SmallFile.brief(FileError.describe(e)) + ". Delete that checkpoint folder to use the one "
                    + "before, or start a new run.", e);
        } catch (RuntimeException e) {   // Gson wraps what a record's constructor refuses
            Throwable reason = e.getCause() instanceof IllegalArgumentException refused ? refused : e;
            throw new IllegalArgumentException(file + " is missing or corrupt (" + SmallFile.brief(reason.getMessage())
                    + "). Delete that checkpoint folder to use the one before, or start a new run.", e);
        }
    }

    /** The run's last validation scores, if it was evaluated. */
    public Optional<MetricsLog.Row> lastEvaluation() {
        List<MetricsLog.Row> evaluated = metrics.evaluations();
        return evaluated.isEmpty() ? Optional.empty() : Optional.of(evaluated.get(evaluated.size() - 1));
    }

    /** Runs side by side: what differs in their settings, how far they trained, and their last validation scores. */
    public static Table table(List<RunRecord> runs) {
        Table table = Table.create("Runs", StringColumn.create("run"), StringColumn.create("model"), StringColumn.create("masking"),
                StringColumn.create("peak lr"), StringColumn.create("budget"), LongColumn.create("steps"), IntColumn.create("minutes"),
                DoubleColumn.create("val loss"), DoubleColumn.create("val accuracy"), DoubleColumn.create("baseline"));
        for (RunRecord r : runs) {
            MetricsLog.Row last = r.lastEvaluation().orElse(null);
            table.stringColumn("run").append(r.name());
            table.stringColumn("model").append(String.format("%dx%d, %d heads", r.model().layers(), r.model().dim(), r.model().heads()));
            table.stringColumn("masking").append(String.format("%.0f%%%s%s", 100 * r.config().masking().rate(),
                    r.config().masking().bertReplacement() ? " 80/10/10" : "", r.config().masking().wholeWord() ? " words" : ""));
            table.stringColumn("peak lr").append(String.format("%.0e", r.config().learningRate()));
            table.stringColumn("budget").append(r.config().budget().toString());
            table.longColumn("steps").append(r.state().step());
            table.intColumn("minutes").append((int) Math.round(r.state().seconds() / 60));
            table.doubleColumn("val loss").append(last == null ? Double.NaN : last.validationLoss());
            table.doubleColumn("val accuracy").append(last == null ? Double.NaN : last.validationAccuracy());
            table.doubleColumn("baseline").append(last == null ? Double.NaN : last.baselineAccuracy());
        }
        table.doubleColumn("val loss").setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        table.doubleColumn("val accuracy").setPrintFormatter(NumberColumnFormatter.percent(1));
        table.doubleColumn("baseline").setPrintFormatter(NumberColumnFormatter.percent(1));
        return table;
    }
}
