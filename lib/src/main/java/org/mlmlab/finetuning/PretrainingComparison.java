package org.mlmlab.finetuning;

import ai.djl.ndarray.NDManager;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mlmlab.Lab;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.notebook.Notebook;
import org.mlmlab.notebook.Progress;
import org.mlmlab.tokenizer.LabTokenizer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What pretraining buys, measured: five classifiers trained with the same steps on the same
 * examples and scored on the same held-out texts, at several training-set sizes.
 * <ul>
 *   <li>the pretrained encoder, <b>fine-tuned</b> (encoder and head trained);</li>
 *   <li>the same architecture from <b>random</b> weights, trained the same way;</li>
 *   <li>the pretrained encoder <b>frozen</b>, a linear head on its vectors (a probe: what the vectors hold);</li>
 *   <li>a <b>random frozen</b> encoder with the same head (how much a probe gets from random features alone);</li>
 *   <li><b>bag of words</b>: logistic regression on token counts, no encoder at all.</li>
 * </ul>
 */
public final class PretrainingComparison {
    /** The five classifiers, by what they start from and what they train. */
    public enum Model {
        PRETRAINED_FINE_TUNED("pretrained, fine-tuned"),
        RANDOM_FINE_TUNED("random start, fine-tuned"),
        PRETRAINED_FROZEN("pretrained, frozen (probe)"),
        RANDOM_FROZEN("random, frozen (probe)"),
        BAG_OF_WORDS("bag of words");

        public final String label;

        Model(String label) {
            this.label = label;
        }
    }

    /** One model trained on {@code examples} texts, scored on the test texts. */
    public record Result(Model model, int examples, ClassificationScore score) {
    }

    private PretrainingComparison() {
    }

    /**
     * Trains and scores each model at each size of {@code sizes} (cut to the number of training
     * examples), the pretrained encoder read afresh from {@code checkpoint} for each run.
     */
    public static List<Result> run(Path checkpoint, LabTokenizer tokenizer, LabelledText.Split split, int[] sizes,
                                   FineTuning.Settings settings, int positive) {
        FineTuning.Encoded train = FineTuning.Encoded.of(tokenizer, split.train(), settings.maxTokens());
        FineTuning.Encoded test = FineTuning.Encoded.of(tokenizer, split.test(), settings.maxTokens());
        Vocabulary vocab = Vocabulary.of(tokenizer);
        int[] examples = Arrays.stream(sizes).map(n -> Math.min(n, train.size())).distinct().toArray();
        List<Result> results = new ArrayList<>();
        long done = 0;
        try (Progress progress = Notebook.progress("Fine-tuning", (long) examples.length * Model.values().length)) {
            for (int n : examples) {
                for (Model model : Model.values()) {
                    try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
                        Classifier classifier = create(model, checkpoint, tokenizer, manager, settings.seed(), positive + 1);
                        FineTuning.Settings used = model == Model.PRETRAINED_FINE_TUNED || model == Model.RANDOM_FINE_TUNED
                                ? settings : settings.forHeadOnly();
                        FineTuning.train(classifier, train.head(n), used, vocab, manager);
                        ClassificationScore score = FineTuning.evaluate(classifier, test, positive, vocab, settings.maxTokens(), manager);
                        results.add(new Result(model, n, score));
                        progress.update(++done, String.format("%,d examples, %s: accuracy %.1f%%", n, model.label, 100 * score.accuracy()));
                    }
                }
            }
        }
        return results;
    }

    private static Classifier create(Model model, Path checkpoint, LabTokenizer tokenizer, NDManager manager, long seed, int classes) {
        try {
            return switch (model) {
                case PRETRAINED_FINE_TUNED -> TextClassifier.on(ModelFiles.load(checkpoint, tokenizer, manager), classes, manager, seed);
                case RANDOM_FINE_TUNED -> TextClassifier.on(ModelFactory.create(ModelFiles.describe(checkpoint).config(), manager, seed),
                        classes, manager, seed);
                case PRETRAINED_FROZEN -> TextClassifier.probe(ModelFiles.load(checkpoint, tokenizer, manager), classes, manager, seed);
                case RANDOM_FROZEN -> TextClassifier.probe(ModelFactory.create(ModelFiles.describe(checkpoint).config(), manager, seed),
                        classes, manager, seed);
                case BAG_OF_WORDS -> BagOfWords.create(tokenizer.vocabSize(), classes, manager);
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model in " + checkpoint, e);
        }
    }

    /** One row per model and size: accuracy and F1 on the test texts. */
    public static Table table(List<Result> results) {
        return Table.create("What pretraining buys",
                StringColumn.create("model", results.stream().map(r -> r.model().label)),
                IntColumn.create("training examples", results.stream().mapToInt(Result::examples).toArray()),
                DoubleColumn.create("accuracy %", results.stream().mapToDouble(r -> Math.round(1000 * r.score().accuracy()) / 10.0)),
                DoubleColumn.create("F1", results.stream().mapToDouble(r -> Math.round(1000 * r.score().f1()) / 1000.0)));
    }

    /** F1 against the number of training examples (log scale), one line per model. */
    public static XYChart learningCurves(List<Result> results) {
        XYChart chart = new XYChartBuilder().width(820).height(420).title("Learning curves: F1 on held-out e-mails")
                .xAxisTitle("training examples (log scale)").yAxisTitle("F1 (spam)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(6);
        for (Model model : Model.values()) {
            List<Result> line = results.stream().filter(r -> r.model() == model).toList();
            if (!line.isEmpty()) {
                chart.addSeries(model.label, line.stream().mapToDouble(Result::examples).toArray(),
                        line.stream().mapToDouble(r -> r.score().f1()).toArray()).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart;
    }
}
