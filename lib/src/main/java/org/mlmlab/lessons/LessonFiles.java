package org.mlmlab.lessons;

import org.mlmlab.AtomicWrite;
import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.finetuning.LabelledText;
import org.mlmlab.finetuning.SpamAssassin;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.CorpusFiles;
import org.mlmlab.corpus.Corpora;
import org.mlmlab.corpus.DatasetRecipe;
import org.mlmlab.corpus.FileDigest;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;
import org.mlmlab.training.RunFolder;
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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one lesson hands to the next, kept per preset (and corpus, when it is not the default)
 * under {@code data/runs/PRESET/} or {@code data/runs/PRESET-CORPUS/}: the
 * train/validation split (lesson 1), the tokenizer (lesson 2), and later the checkpoints. A
 * lesson opened on its own finds them here, or rebuilds them with the earlier lesson's recipe
 * ({@link DatasetRecipe}, {@link WordPieceTrainer.Config#of}, lesson 5's configs), so every
 * notebook runs top to bottom by itself.
 */
public final class LessonFiles {
    /** Lesson 5's run, which lessons 6 and 7 load when no other is named. */
    public static final String MAIN_RUN = "main";
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> RESERVED = Set.of("tokenizer", "comparisons");
    private final Preset preset;
    private final String corpus;
    private final Path dir;

    /** The files of the preset for the lab's corpus ({@link Lab#corpus()}): what every lesson reads. */
    public LessonFiles(Preset preset) {
        this(preset, Lab.corpus());
    }

    /** The files of the preset for {@code corpus}: each corpus keeps its own split, tokenizer and runs. */
    public LessonFiles(Preset preset, String corpus) {
        this.preset = preset;
        this.corpus = corpus;
        this.dir = Lab.runsDir().resolve(corpus.equals(Lab.DEFAULT_CORPUS) ? preset.id : preset.id + "-" + key(corpus));
    }

    /**
     * A corpus as part of a folder name: a file's (or WikiText folder's) name, letters, digits, '.', '-'
     * and '_' only, then a tag of its content, so that another file of the same name, or the same file
     * edited, never reuses the split and tokenizer made from the old one.
     */
    private static String key(String corpus) {
        Path source = Path.of(corpus.startsWith("wikitext:") ? corpus.substring("wikitext:".length()) : corpus);
        String name = (corpus.startsWith("wikitext:") ? "wikitext-" : "") + source.getFileName();
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (Corpora.source(corpus).isEmpty() || !Files.exists(source)) {
            return name;   // nothing to read yet: loading the corpus says so
        }
        try {
            return name + "-" + FileDigest.contentTag(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the corpus " + source + ": " + e.getMessage(), e);
        }
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

    /** Lesson 5's main run, which lessons 6 and 7 load. */
    public Path trainingDir() {
        return runDir(MAIN_RUN);
    }

    /**
     * The folder of the run called {@code name}: its checkpoints (each with the run's full
     * configuration), metrics.csv and recovery.json. Runs of other names never touch it.
     */
    public Path runDir(String name) {
        if (name == null || !RUN_NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot name a run: use letters, digits, '.', '-' and '_' (up to 64), "
                    + "not " + String.join(" or ", RESERVED) + ". For example: mask40, lr1e-3, main-2");
        }
        return dir.resolve(name);
    }

    /** The names of the runs trained for this preset (folders with a checkpoint), in name order. */
    public List<String> runs() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> RunFolder.at(p).hasRun())
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the runs in " + dir, e);
        }
    }

    /**
     * The recovery record (recovery.json) of every run that has one, by run name, in name order. A
     * record that cannot be read is left out with a one-line note: one broken side run must not stop
     * a lesson about another.
     */
    public java.util.Map<String, RecoveryLog> recoveryLogs() {
        java.util.Map<String, RecoveryLog> logs = new java.util.LinkedHashMap<>();
        for (String name : runs()) {
            Path record = runDir(name).resolve(RecoveryLog.FILE);
            if (Files.isRegularFile(record)) {
                try {
                    logs.put(name, RecoveryLog.load(record));
                } catch (IllegalArgumentException e) {
                    System.out.println("Note: the run '" + name + "' is left out: " + e.getMessage());
                }
            }
        }
        return logs;
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
            saveSplit(DatasetRecipe.of(preset).withCorpus(corpus).make());
        }
        return new Corpus.Split(new Corpus("train", CorpusFiles.read(dir.resolve("train.txt")).texts()),
                new Corpus("validation", CorpusFiles.read(dir.resolve("validation.txt")).texts()));
    }

    /** The saved tokenizer, trained on the training split with lesson 2's settings first if it is not there. */
    public LabTokenizer tokenizer() {
        return tokenizer(tokenizerDir(), preset.vocabSize);
    }

    /**
     * The tokenizer of {@code vocabSize} tokens saved in {@code dir}, trained there first (on the training
     * split, with lesson 2's other settings) if it is not: the recipe benchmark's vocabulary variants.
     */
    public LabTokenizer tokenizer(Path dir, int vocabSize) {
        if (!Files.isRegularFile(dir.resolve(TokenizerFiles.JSON))) {
            TokenizerFiles.save(WordPieceTrainer.train(split().train().texts(), WordPieceTrainer.Config.of(preset).withVocabSize(vocabSize)), dir);
        }
        return LabTokenizer.load(dir, Preset.MAX_LENGTH);
    }

    /**
     * Lesson 5's trained model, loaded from its latest checkpoint; trained first with lesson 5's
     * settings (and its token-recovery record) when there is none, so lessons 6 and 7 also run on
     * their own.
     */
    public TrainedModel trainedModel() {
        return trainedModel(MAIN_RUN);
    }

    /**
     * The run called {@code run}, loaded from its latest checkpoint. The main run is trained first
     * with lesson 5's settings when it is missing; another run must have been trained (lesson 5's
     * experiment, or {@code ./lab train --name NAME}).
     */
    public TrainedModel trainedModel(String run) {
        Path dir = runDir(run);
        // Only a run without a checkpoint is trained here: a lesson that reads a run never replaces one.
        if (!RunFolder.at(dir).hasRun()) {
            if (!run.equals(MAIN_RUN)) {
                throw new IllegalArgumentException("No trained run called '" + run + "' in " + directory() + ". Train it with ./lab train --name "
                        + run + ", or name one of: " + String.join(", ", runs()));
            }
            System.out.println("No trained model in " + dir + " yet: training one with lesson 5's settings...");
            try (LabTokenizer tokenizer = tokenizer();
                 MlmTrainer trainer = MlmTrainer.create(dir, ModelConfig.of(preset, tokenizer.vocabSize()),
                         TrainingConfig.of(preset), tokenizer, split(), MlmTrainer.IfRunExists.REPLACE)) {
                trainer.train(List.of(new TrainingProgress(), RecoveryRecorder.forRun(trainer)));
            }
        }
        return TrainedModel.load(dir, tokenizerDir());
    }

    /**
     * Lesson 8's labelled e-mails ({@link SpamAssassin}), split by the lab's seed: 80% to train on,
     * 20% held out for scoring.
     */
    public LabelledText.Split emails() {
        return LabelledText.Split.of(SpamAssassin.load(Lab.dataDir()), 0.2, Preset.RANDOM_SEED);
    }

    /** Where lesson 8 (and {@code ./lab finetune}) saves the spam classifier fine-tuned from the run called {@code run}. */
    public Path classifierDir(String run) {
        return runDir(run).resolve("classifier");
    }

    /** The token-recovery record of the run called {@code run} (lesson 7 draws it). */
    public RecoveryLog recovery(String run) {
        Path record = runDir(run).resolve(RecoveryLog.FILE);
        if (!Files.isRegularFile(record)) {
            throw new IllegalArgumentException("The run '" + run + "' has no " + RecoveryLog.FILE + ": train it again (./lab train --name " + run + ").");
        }
        return RecoveryLog.load(record);
    }
}
