package org.mlmlab.lessons;

import org.mlmlab.AtomicWrite;
import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.CorpusFiles;
import org.mlmlab.corpus.DatasetRecipe;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;
import org.mlmlab.training.Checkpoints;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainedModel;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingProgress;
import org.mlmlab.visualisation.RecoveryLog;
import org.mlmlab.visualisation.RecoveryRecorder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What one lesson hands to the next, kept per preset under {@code data/runs/PRESET/}: the
 * train/validation split (lesson 1), the tokenizer (lesson 2), and later the checkpoints. A
 * lesson opened on its own finds them here, or rebuilds them with the earlier lesson's recipe
 * ({@link DatasetRecipe}, {@link WordPieceTrainer.Config#of}, lesson 5's configs), so every
 * notebook runs top to bottom by itself.
 */
public final class LessonFiles {
    private final Preset preset;
    private final Path dir;

    public LessonFiles(Preset preset) {
        this.preset = preset;
        this.dir = Lab.dataDir().resolve("runs").resolve(preset.id);
    }

    /** The current preset's files. */
    public static LessonFiles current() {
        return new LessonFiles(Lab.preset());
    }

    public Path directory() {
        return dir;
    }

    public Path tokenizerDir() {
        return dir.resolve("tokenizer");
    }

    /** Lesson 5's run (checkpoints/ and metrics.csv), which lessons 6 and 7 load. */
    public Path trainingDir() {
        return dir.resolve("training");
    }

    /** Saves a split for the next lessons (train.txt, validation.txt, one text a line). */
    public void saveSplit(Corpus.Split split) {
        try {
            AtomicWrite.writeString(dir.resolve("train.txt"), String.join("\n", split.train().texts()) + "\n");
            AtomicWrite.writeString(dir.resolve("validation.txt"), String.join("\n", split.validation().texts()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the split into " + dir, e);
        }
    }

    /** The saved split, made with lesson 1's recipe first if it is not there. */
    public Corpus.Split split() {
        if (!Files.isRegularFile(dir.resolve("validation.txt"))) {
            saveSplit(DatasetRecipe.of(preset).make());
        }
        return new Corpus.Split(new Corpus("train", CorpusFiles.read(dir.resolve("train.txt")).texts()),
                new Corpus("validation", CorpusFiles.read(dir.resolve("validation.txt")).texts()));
    }

    /** The saved tokenizer, trained on the training split with lesson 2's settings first if it is not there. */
    public LabTokenizer tokenizer() {
        if (!Files.isRegularFile(tokenizerDir().resolve(TokenizerFiles.JSON))) {
            TokenizerFiles.save(WordPieceTrainer.train(split().train().texts(), WordPieceTrainer.Config.of(preset)), tokenizerDir());
        }
        return LabTokenizer.load(tokenizerDir(), Preset.MAX_LENGTH);
    }

    /**
     * Lesson 5's trained model, loaded from its latest checkpoint; trained first with lesson 5's
     * settings (and its token-recovery record) when there is none, so lessons 6 and 7 also run on
     * their own.
     */
    public TrainedModel trainedModel() {
        if (!Files.isRegularFile(trainingDir().resolve(RecoveryLog.FILE))
                || new Checkpoints(trainingDir().resolve("checkpoints")).latest().isEmpty()) {
            System.out.println("No trained model in " + trainingDir() + " yet: training one with lesson 5's settings...");
            try (LabTokenizer tokenizer = tokenizer();
                 MlmTrainer trainer = MlmTrainer.create(trainingDir(), ModelConfig.of(preset, tokenizer.vocabSize()),
                         TrainingConfig.of(preset), tokenizer, split(), MlmTrainer.IfRunExists.REPLACE)) {
                trainer.train(List.of(new TrainingProgress(), RecoveryRecorder.forRun(trainer)));
            }
        }
        return TrainedModel.load(trainingDir(), tokenizerDir());
    }
}
