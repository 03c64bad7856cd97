package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.mlmlab.AtomicWrite;
import org.mlmlab.FileError;
import org.mlmlab.Lab;
import org.mlmlab.SmallFile;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.ModelFiles;
import org.mlmlab.model.WeightFile;
import org.mlmlab.tokenizer.LabTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned classifier on disk: the encoder as a model checkpoint ({@code model.json},
 * {@code weights.npz}, naming its tokenizer), the head's weights ({@code head.npz}) and
 * {@code classifier.json} (class names, tokens read, the score it got when it was saved).
 * Loaded, it classifies texts; close it to free its native memory.
 */
public final class SavedClassifier implements AutoCloseable {
    public static final String DESCRIPTION = "classifier.json";
    static final String HEAD = "head.npz";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    /** What classifier.json holds. */
    public record Description(List<String> classes, int maxTokens, String trainedFrom, ClassificationScore score) {
    }

    /** A text's class and the probability the classifier gives it. */
    public record Answer(String label, double probability) {
        @Override
        public String toString() {
            return String.format("%s (%.1f%%)", label, 100 * probability);
        }
    }

    private final TextClassifier classifier;
    private final LabTokenizer tokenizer;
    private final Description description;
    private final NDManager manager;

    private SavedClassifier(TextClassifier classifier, LabTokenizer tokenizer, Description description, NDManager manager) {
        this.classifier = classifier;
        this.tokenizer = tokenizer;
        this.description = description;
        this.manager = manager;
    }

    /** Saves {@code classifier} (trained from {@code trainedFrom}) into {@code dir}. */
    public static void save(TextClassifier classifier, LabTokenizer tokenizer, Description description, Path dir) throws IOException {
        Files.createDirectories(dir);
        ModelFiles.save(classifier.encoder(), tokenizer, dir);
        WeightFile.write(headArrays(classifier), dir.resolve(HEAD));
        AtomicWrite.writeString(dir.resolve(DESCRIPTION), GSON.toJson(description));
    }

    /**
     * Fine-tunes the encoder of {@code checkpoint} on every training example of {@code split} with
     * {@code settings}, scores it on the held-out ones and saves it in {@code dir}; returns the score.
     */
    public static ClassificationScore fineTune(Path checkpoint, LabTokenizer tokenizer, LabelledText.Split split, List<String> classes,
                                               int positive, FineTuning.Settings settings, Path dir) throws IOException {
        Vocabulary vocab = Vocabulary.of(tokenizer);
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            TextClassifier classifier = TextClassifier.on(ModelFiles.load(checkpoint, tokenizer, manager), classes.size(), manager, settings.seed());
            FineTuning.train(classifier, FineTuning.Encoded.of(tokenizer, split.train(), settings.maxTokens()), settings, vocab, manager);
            ClassificationScore score = FineTuning.evaluate(classifier, FineTuning.Encoded.of(tokenizer, split.test(), settings.maxTokens()),
                    positive, vocab, settings.maxTokens(), manager);
            save(classifier, tokenizer, new Description(classes, settings.maxTokens(), checkpoint.toAbsolutePath().normalize().toString(), score), dir);
            return score;
        }
    }

    /** The classifier saved in {@code dir}, with the tokenizer its encoder was trained with. */
    public static SavedClassifier load(Path dir) {
        Description description = describe(dir);
        LabTokenizer tokenizer = LabTokenizer.load(ModelFiles.describe(dir).tokenizerFolder(dir), ModelFiles.describe(dir).config().maxLength());
        NDManager manager = NDManager.newBaseManager(Lab.device());
        try {
            TextClassifier classifier = TextClassifier.on(ModelFiles.load(dir, tokenizer, manager), description.classes().size(), manager, 0);
            WeightFile.readInto(headArrays(classifier), dir.resolve(HEAD), manager);
            return new SavedClassifier(classifier, tokenizer, description, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            tokenizer.close();
            throw new IllegalArgumentException("Cannot load the classifier in " + dir + ": " + e.getMessage()
                    + ". Fine-tune again: ./lab finetune --out " + dir, e);
        }
    }

    private static Map<String, NDArray> headArrays(TextClassifier classifier) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        classifier.headParameters().forEach((name, p) -> arrays.put(name, p.getArray()));
        return arrays;
    }

    private static Description describe(Path dir) {
        Path file = dir.resolve(DESCRIPTION);
        try {
            Description d = GSON.fromJson(SmallFile.read(file), Description.class);
            if (d == null || d.classes() == null || d.classes().size() < 2 || d.maxTokens() < 1) {
                throw new JsonParseException("no classes or token count");
            }
            return d;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("No fine-tuned classifier in " + dir.toAbsolutePath() + " (" + DESCRIPTION
                    + " is missing). Make one with ./lab finetune --out " + dir);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IllegalArgumentException(FileError.cannotRead(file, e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(SmallFile.brief(FileError.describe(e)) + ". Fine-tune again: ./lab finetune --out " + dir, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is corrupt (" + SmallFile.brief(e.getMessage()) + "). Fine-tune again: ./lab finetune --out " + dir, e);
        }
    }

    public Description description() {
        return description;
    }

    /** The class of {@code text} and its probability (the softmax of the class scores). */
    public Answer classify(String text) {
        // Read as fine-tuning read its texts: their first maxTokens tokens.
        int[] ids = FineTuning.Encoded.of(tokenizer, List.of(new LabelledText(text, 0)), description.maxTokens()).ids().get(0);
        if (ids.length == 0) {
            throw new IllegalArgumentException("'" + text + "' has no tokens: give a text with words in it");
        }
        Vocabulary vocab = Vocabulary.of(tokenizer);
        try (NDScope ignored = new NDScope();
             Batch batch = Batch.of(List.of(MaskedSequence.hiding(ids, new int[0], vocab.maskId())),
                     BatchLayout.longest(ids.length), vocab.padId(), manager)) {
            float[] p = classifier.forward(new ParameterStore(manager, false), new NDList(batch.ids(), batch.segments()), false)
                    .head().softmax(1).toFloatArray();
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                best = p[c] > p[best] ? c : best;
            }
            return new Answer(description.classes().get(best), p[best]);
        }
    }

    @Override
    public void close() {
        manager.close();
        tokenizer.close();
    }
}
