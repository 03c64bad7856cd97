package org.mlmlab.finetuning;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Lab;
import org.mlmlab.ToyModel;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.model.ModelFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fine-tuning on a task a classifier can learn (texts about cats against texts about ships), the frozen probe,
 * a saved classifier that answers like the one trained, and contextual vectors.
 */
class FineTuningTest {
    static final List<String> CATS = List.of("the cat sat on the mat", "a small cat drank the milk", "the cat chased a mouse",
            "my cat sleeps all day", "the old cat purred");
    static final List<String> SHIPS = List.of("the ship left the harbour", "a big ship crossed the sea", "the captain steered the ship",
            "the ship sailed at dawn", "waves hit the old ship");

    static LabelledText.Split data() {
        List<LabelledText> all = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            boolean cat = i % 2 == 0;
            List<String> pool = cat ? CATS : SHIPS;
            all.add(new LabelledText(pool.get(random.nextInt(pool.size())) + " and " + pool.get(random.nextInt(pool.size())), cat ? 0 : 1));
        }
        return LabelledText.Split.of(all, 0.25, 7);
    }

    @Test
    void everyModelLearnsAnEasyTaskAndTheProbeLeavesTheEncoderAsItWas(@TempDir Path dir) throws Exception {
        LabelledText.Split split = data();
        FineTuning.Settings settings = new FineTuning.Settings(40, 8, 3e-3, 0.1, 32, 42);
        try (ToyModel toy = ToyModel.create(dir.resolve("tok"), 300, 1)) {
            Vocabulary vocab = Vocabulary.of(toy.tokenizer());
            FineTuning.Encoded train = FineTuning.Encoded.of(toy.tokenizer(), split.train(), settings.maxTokens());
            FineTuning.Encoded test = FineTuning.Encoded.of(toy.tokenizer(), split.test(), settings.maxTokens());

            TextClassifier tuned = TextClassifier.on(ModelFactory.create(ToyModelConfig.of(toy), toy.manager(), 1), 2, toy.manager(), 1);
            double[] losses = FineTuning.train(tuned, train, settings, vocab, toy.manager());
            assertTrue(losses[losses.length - 1] < losses[0] / 2, "the loss fell: " + losses[0] + " -> " + losses[losses.length - 1]);
            assertEquals(1.0, FineTuning.evaluate(tuned, test, 1, vocab, settings.maxTokens(), toy.manager()).accuracy());

            BagOfWords words = BagOfWords.create(toy.tokenizer().vocabSize(), 2, toy.manager());
            FineTuning.train(words, train, settings.forHeadOnly(), vocab, toy.manager());
            assertEquals(1.0, FineTuning.evaluate(words, test, 1, vocab, settings.maxTokens(), toy.manager()).accuracy());
            // the tokens that say "ships" most are pieces of the ship texts that no cat text has
            var catTokens = java.util.Arrays.stream(toy.tokenizer().encode(String.join(" ", CATS)).tokens()).toList();
            var shipTokens = java.util.Arrays.stream(toy.tokenizer().encode(String.join(" ", SHIPS)).tokens()).toList();
            for (String strong : words.strongestTokens(toy.tokenizer(), 1, 3)) {
                String token = strong.substring(0, strong.lastIndexOf(' '));
                assertTrue(shipTokens.contains(token) && !catTokens.contains(token), strong);
            }

            float[] before = toy.model().namedParameters().get("tok.weight").getArray().toFloatArray();
            TextClassifier probe = TextClassifier.probe(toy.model(), 2, toy.manager(), 1);
            assertTrue(probe.trainedParameters().keySet().stream().allMatch(name -> name.startsWith("head.")));
            FineTuning.train(probe, train, settings.forHeadOnly(), vocab, toy.manager());
            assertArrayEquals(before, toy.model().namedParameters().get("tok.weight").getArray().toFloatArray());
        }
    }

    @Test
    void aSavedClassifierAnswersAsTrainedAndRefusesAFolderWithoutOne(@TempDir Path dir) throws Exception {
        LabelledText.Split split = data();
        FineTuning.Settings settings = new FineTuning.Settings(30, 8, 3e-3, 0.1, 32, 42);
        try (ToyModel toy = ToyModel.create(dir.resolve("tok"), 300, 1)) {
            Path checkpoint = dir.resolve("checkpoint");
            ModelFiles.save(toy.model(), toy.tokenizer(), checkpoint);
            ClassificationScore score = SavedClassifier.fineTune(checkpoint, toy.tokenizer(), split, List.of("cats", "ships"), 1, settings,
                    dir.resolve("classifier"));
            assertEquals(1.0, score.accuracy());
            try (SavedClassifier saved = SavedClassifier.load(dir.resolve("classifier"))) {
                assertEquals("ships", saved.classify("the captain and the ship").label());
                assertEquals("cats", saved.classify("the cat and the mouse").label());
                assertEquals(score, saved.description().score());
            }
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> SavedClassifier.load(dir));
        assertTrue(missing.getMessage().contains("./lab finetune --out"), missing.getMessage());
    }

    @Test
    void inputEmbeddingsAreTheSameInEveryContextContextualVectorsAreNot(@TempDir Path dir) {
        try (ToyModel toy = ToyModel.create(dir.resolve("tok"), 300, 1)) {
            ContextualEmbeddings e = new ContextualEmbeddings(toy.model(), toy.tokenizer(), toy.manager());
            float[] a = e.inContext("the cat sat on the mat", "cat");
            float[] b = e.inContext("a ship and a cat", "cat");
            assertTrue(ContextualEmbeddings.cosine(a, b) < 0.9999, "context changes the vector");
            assertEquals(1.0, ContextualEmbeddings.cosine(e.input("cat"), e.input("cat")), 1e-9);
            IllegalArgumentException absent = assertThrows(IllegalArgumentException.class, () -> e.inContext("the dog ran", "cat"));
            assertTrue(absent.getMessage().contains("is not a word of the sentence"), absent.getMessage());
            var table = e.pairs(List.of(new ContextualEmbeddings.Context("cat", "animal", "the cat sat on the mat"),
                    new ContextualEmbeddings.Context("cat", "animal", "a ship and a cat")));
            assertEquals(1, table.rowCount());
            assertEquals(1.0, table.doubleColumn("input cosine").get(0));
        }
    }

    /** The toy model's config, for a second model of the same shape. */
    static final class ToyModelConfig {
        static org.mlmlab.model.ModelConfig of(ToyModel toy) {
            return toy.model().config();
        }
    }
}
