package org.mlmlab.cli;

import org.mlmlab.Lab;
import org.mlmlab.finetuning.ClassificationScore;
import org.mlmlab.finetuning.FineTuning;
import org.mlmlab.finetuning.LabelledText;
import org.mlmlab.finetuning.PretrainingComparison;
import org.mlmlab.finetuning.SavedClassifier;
import org.mlmlab.finetuning.SpamAssassin;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab finetune}: lesson 8's spam classifier outside the notebook, and its comparison. */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = "Fine-tune a pretrained checkpoint into a spam classifier (lesson 8: SpamAssassin e-mails, the lab's split), "
                + "print its held-out accuracy and F1 and save it; with --compare, the lesson's table of what pretraining buys.")
final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", description = "A checkpoint folder, or a run folder (its latest checkpoint). Default: lesson 5's run of the current preset.")
    Path checkpoint;

    @Option(names = "--out", description = "Where to save the classifier. Default: the folder 'classifier' of the run.")
    Path out;

    @Option(names = "--steps", description = "Fine-tuning steps (default: the preset's).")
    Integer steps;

    @Option(names = "--learning-rate", description = "Peak learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "1e-3")
    double learningRate;

    @Option(names = "--compare", description = "Also train the lesson's five classifiers at its training-set sizes and print the table.")
    boolean compare;

    @Option(names = "--examples", split = ",", description = "Training-set sizes for --compare, e.g. 100,1000 (default: the preset's).")
    int[] examples;

    @Override
    public Integer call() throws IOException {
        LessonFiles files = LessonFiles.current();
        Path run = checkpoint != null ? checkpoint : files.trainingDir();
        Path resolved = Checkpoints.resolve(run);
        Path target = out != null ? out : (checkpoint == null ? files.classifierDir(LessonFiles.MAIN_RUN) : defaultOut(run, resolved));
        OptionCheck.positive("--learning-rate", learningRate, "1e-3");
        OptionCheck.positive("--steps", steps);
        FineTuning.Settings settings = FineTuning.Settings.of(Lab.preset()).withLearningRate(learningRate);
        if (steps != null) {
            settings = settings.withSteps(steps);
        }
        LabelledText.Split split = files.emails();
        ModelFiles.Description description = ModelFiles.describe(resolved);
        try (LabTokenizer tokenizer = LabTokenizer.load(description.tokenizerFolder(resolved), description.config().maxLength())) {
            if (compare) {
                int[] sizes = examples != null ? examples : Lab.preset().sizes.learningCurve();
                if (Arrays.stream(sizes).anyMatch(n -> n < 1)) {
                    throw new IllegalArgumentException("--examples takes sizes of 1 or more, e.g. 100,1000");
                }
                List<PretrainingComparison.Result> results = PretrainingComparison.run(resolved, tokenizer, split, sizes, settings, SpamAssassin.SPAM);
                System.out.println(PretrainingComparison.table(results).printAll());
            }
            ClassificationScore score = SavedClassifier.fineTune(resolved, tokenizer, split, SpamAssassin.CLASSES, SpamAssassin.SPAM, settings, target);
            System.out.println("Fine-tuned " + resolved + " on " + split.train().size() + " e-mails (" + settings.steps() + " steps); held out: " + score);
            System.out.println("Saved in " + target + ". Classify with: ./lab predict --classifier " + target + " \"some e-mail text\"");
        }
        return 0;
    }

    /** Beside the run: RUN/classifier for a run folder, the checkpoint's run's folder for a checkpoint. */
    private static Path defaultOut(Path given, Path checkpoint) {
        return given.toAbsolutePath().normalize().equals(checkpoint.toAbsolutePath().normalize())
                ? checkpoint.getParent().getParent().resolve("classifier")   // RUN/checkpoints/step-N -> RUN/classifier
                : given.resolve("classifier");
    }
}
