package org.mlmlab.cli;

import org.mlmlab.finetuning.SavedClassifier;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.prediction.MaskPredictor;
import org.mlmlab.prediction.Prediction;
import org.mlmlab.training.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab predict}: lesson 6's predictions outside the notebook. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Fill in [MASK]s, or hide a random word, in each sentence with a trained checkpoint; print the "
                + "seed's masked/predicted, ACTUAL, MASKED and MODEL lines and the top candidates.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", description = "A checkpoint folder, or a run folder (its latest checkpoint). Default: lesson 5's run of the current preset.")
    Path checkpoint;

    @Option(names = "--tokenizer", description = "Tokenizer folder. Default: the one the checkpoint was trained with.")
    Path tokenizer;

    @Option(names = "--word", description = "Hide this word (in every sentence) instead of a random one.")
    String word;

    @Option(names = "--top", description = "Also print the top candidates of each blank with their probabilities.")
    boolean top;

    @Option(names = "--classifier", description = "Classify each text with a classifier saved by ./lab finetune (or lesson 8), "
            + "e.g. data/runs/lab/main/classifier, instead of filling in blanks.")
    Path classifier;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Sentences, e.g. \"the [MASK] sat on the mat.\"")
    List<String> texts;

    @Override
    public Integer call() {
        if (classifier != null) {
            try (SavedClassifier saved = SavedClassifier.load(classifier)) {
                for (String text : texts) {
                    System.out.println(String.format("%-20s %s", saved.classify(text), text));
                }
            }
            return 0;
        }
        Path source = checkpoint != null ? checkpoint : LessonFiles.current().trainingDir();
        try (TrainedModel trained = TrainedModel.load(source, tokenizer)) {
            MaskPredictor predictor = MaskPredictor.of(trained);
            List<Prediction> predictions = word != null
                    ? texts.stream().map(t -> predictor.predictMask(t, word)).toList()
                    : predictor.predictMasks(texts);
            for (Prediction p : predictions) {
                System.out.println(p);
                if (top) {
                    System.out.println(p.topK().printAll());
                }
                System.out.println();
            }
        }
        return 0;
    }
}
