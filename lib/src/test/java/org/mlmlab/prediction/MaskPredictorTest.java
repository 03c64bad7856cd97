package org.mlmlab.prediction;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.ToyModel;
import org.mlmlab.Preset;
import org.mlmlab.corpus.ToyCorpus;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluator;
import org.mlmlab.visualisation.RecoveryRecorder;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MaskPredictorTest {
    @TempDir
    static Path dir;
    static ToyModel toy;
    static LabTokenizer tokenizer;
    static NDManager manager;
    static MlmModel model;

    @BeforeAll
    static void setUp() {
        toy = ToyModel.create(dir, 150, 3);
        tokenizer = toy.tokenizer();
        manager = toy.manager();
        model = toy.model();
    }

    @AfterAll
    static void tearDown() {
        toy.close();
    }

    static MaskPredictor predictor() {
        return new MaskPredictor(model, tokenizer, manager, 42);
    }

    @Test
    void printsTheSeedsFormat() {
        Prediction p = predictor().predictMask("hello! how are you?", "you");
        String[] lines = p.toString().split("\n");
        assertTrue(lines[0].startsWith("masked: you predicted: "), lines[0]);
        assertEquals("ACTUAL: hello! how are you?", lines[1]);
        assertEquals("MASKED: hello! how are [MASK]?", lines[2]);
        assertTrue(lines[3].startsWith("MODEL:  hello! how are "), lines[3]);
        assertEquals(4, lines.length);
        assertEquals("you", p.words().get(0).actual());
    }

    @Test
    void fillsEveryGivenMask() {
        Prediction p = predictor().predictMask("the [MASK] sat on the [MASK].");
        assertEquals(2, p.words().size());
        assertTrue(p.words().stream().allMatch(w -> w.actual() == null && w.pieces() == 1));
        assertEquals("MASKED: the [MASK] sat on the [MASK].", p.toString().split("\n")[2]);
        assertFalse(p.toString().contains("ACTUAL"), "nothing to compare with");
        assertFalse(p.toString().split("\n")[3].contains("[MASK]"), "the model's line has every blank filled");
    }

    @Test
    void hidesAndPredictsAWordInPiecesAsAWhole() {
        String word = Arrays.stream("elephant umbrella wonderful".split(" ")).filter(w -> tokenizer.encode(w).length() > 1)
                .findFirst().orElseThrow();
        int pieces = tokenizer.encode(word).length();
        Prediction p = predictor().predictMask("a " + word + " is here.", word);
        assertEquals(pieces, p.words().get(0).pieces());
        assertEquals(word, p.words().get(0).actual());
        assertEquals(pieces, p.maskedText().split("\\[MASK\\]", -1).length - 1, p.maskedText());
        assertFalse(p.words().get(0).predicted().contains("##"), "pieces are joined into a word");
    }

    /**
     * A word hidden in several pieces comes back as one word, never as pieces that make no word ("the the",
     * "thes" from a word-initial piece in the middle): every candidate splits into a word-initial vocabulary
     * token followed by "##" tokens, as many as the hidden word had; candidates are distinct, best first.
     */
    @Test
    void aWordInPiecesIsPredictedAsOneWord() {
        List<String> sentences = List.of("a wonderful elephant is here.", "the umbrella was useful yesterday.",
                "she bought an extraordinary painting.", "hello! how are you doing this afternoon?");
        int checked = 0;
        for (String sentence : sentences) {
            for (String word : sentence.replaceAll("[^a-z ]", "").split(" ")) {
                int pieces = tokenizer.encode(word).length();
                if (pieces < 2) {
                    continue;
                }
                MaskedWord hidden = predictor().predictMask(sentence, word).words().get(0);
                assertEquals(pieces, hidden.pieces());
                assertEquals(hidden.candidates().get(0).token(), hidden.predicted());
                assertEquals(hidden.candidates().size(), hidden.candidates().stream().map(Candidate::token).distinct().count());
                for (int i = 0; i < hidden.candidates().size(); i++) {
                    Candidate c = hidden.candidates().get(i);
                    assertTrue(splitsIntoOneWord(c.token(), pieces), c.token() + " is not one word of " + pieces + " vocabulary pieces");
                    assertTrue(c.probability() > 0 && c.probability() <= 1, c.toString());
                    assertTrue(i == 0 || c.probability() <= hidden.candidates().get(i - 1).probability());
                }
                checked++;
            }
        }
        assertTrue(checked >= 3, "only " + checked + " words in pieces were tried");
    }

    /** Whether {@code word} is a word-initial token and then {@code pieces - 1} "##" tokens of the vocabulary. */
    static boolean splitsIntoOneWord(String word, int pieces) {
        if (pieces == 1) {
            return tokenizer.contains(word) && !Vocabulary.of(tokenizer).special()[tokenizer.id(word)];
        }
        for (int cut = 1; cut < word.length(); cut++) {
            String head = word.substring(0, cut);
            if (tokenizer.contains(head) && !Vocabulary.of(tokenizer).special()[tokenizer.id(head)] && head.chars().anyMatch(Character::isLetterOrDigit)
                    && continues(word.substring(cut), pieces - 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean continues(String rest, int pieces) {
        if (pieces == 1) {
            return tokenizer.contains("##" + rest);
        }
        for (int cut = 1; cut < rest.length(); cut++) {
            if (tokenizer.contains("##" + rest.substring(0, cut)) && continues(rest.substring(cut), pieces - 1)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void topKIsRankedAndSumsToAtMostOne() {
        Prediction p = predictor().predictMask("the [MASK] is big.");
        List<Candidate> top = p.words().get(0).candidates();
        assertEquals(MaskPredictor.TOP_K, top.size());
        double sum = 0;
        for (int i = 0; i < top.size(); i++) {
            sum += top.get(i).probability();
            if (i > 0) {
                assertTrue(top.get(i).probability() <= top.get(i - 1).probability());
            }
        }
        assertTrue(sum <= 1 + 1e-6 && sum > 0, "sum " + sum);
        assertEquals(p.words().get(0).predicted(), MaskPredictor.joinPieces(new String[] {top.get(0).token()}), "the prediction is the top candidate");
        assertEquals(MaskPredictor.TOP_K, p.topK().rowCount());
        assertEquals(String.format("%.4f", top.get(0).probability()), p.topK().column("probability").getString(0),
                "the table shows probabilities to 4 decimals");
    }

    @Test
    void aBatchGivesWhatSentencesGiveOneByOne() {
        List<String> texts = List.of("hello! how are you?", "the cat sat on the mat and looked at the birds.", "good morning.");
        List<Prediction> batch = predictor().predictMasks(texts);
        MaskPredictor single = predictor();
        for (int i = 0; i < texts.size(); i++) {
            Prediction alone = single.predictMask(texts.get(i));
            assertEquals(alone.maskedText(), batch.get(i).maskedText());
            assertEquals(alone.modelText(), batch.get(i).modelText(), "padding does not change the answer");
        }
    }

    @Test
    void badInputGetsAClearError() {
        MaskPredictor p = predictor();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.predictMask("")).getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.predictMask("?!")).getMessage().contains("no word"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.predictMask("word ".repeat(300))).getMessage().contains("longer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.predictMask("hello there", "zebra")).getMessage().contains("not a word"));
        MlmModel other = ModelFactory.create(new ModelConfig(tokenizer.vocabSize() + 1, 32, 2, 1, Preset.MAX_LENGTH, 0, false), manager, 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MaskPredictor(other, tokenizer, manager, 1))
                .getMessage().contains("tokenizer"));
    }

    @Test
    void theProbeIsTheSameEveryTime() {
        List<String> texts = ToyCorpus.load().texts().subList(0, 10);
        EvaluationSet a = RecoveryRecorder.probe(texts, tokenizer, 42);
        EvaluationSet b = RecoveryRecorder.probe(texts, tokenizer, 42);
        Evaluator.TokenScores first = Evaluator.score(model, a, manager);
        Evaluator.TokenScores second = Evaluator.score(model, b, manager);
        assertTrue(first.size() >= 10, "at least one masked token per sentence");
        assertArrayEquals(first.labels(), second.labels());
        assertArrayEquals(first.predicted(), second.predicted());
        assertArrayEquals(first.logProbability(), second.logProbability());
    }

    @Test
    void evaluationPacksSentencesAndAnswersAsIfEachHadItsOwnRow() {
        EvaluationSet set = RecoveryRecorder.probe(ToyCorpus.load().texts().subList(0, 40), tokenizer, 42);
        Evaluator.TokenScores packed = Evaluator.score(model, set, manager);
        ParameterStore store = new ParameterStore(manager, false);
        int at = 0;
        for (MaskedSequence sentence : set.sequences()) {
            try (Batch alone = Batch.of(List.of(sentence), BatchLayout.longest(Preset.MAX_LENGTH), Vocabulary.of(tokenizer).padId(), manager)) {
                NDArray logits = model.forward(store, new NDList(alone.ids(), alone.segments(), alone.maskedPositions()), false).head();
                float[] logProbability = logits.logSoftmax(-1).gather(alone.maskedLabels().reshape(-1, 1), 1).toFloatArray();
                long[] best = logits.argMax(1).toLongArray();
                for (int j = 0; j < logProbability.length; j++, at++) {
                    assertEquals(logProbability[j], packed.logProbability()[at], 1e-5, "token " + at);
                    assertEquals(best[j], packed.predicted()[at], "token " + at);
                }
            }
        }
        assertEquals(packed.size(), at, "every masked token, in sentence order");
        assertTrue(packed.size() > 40, "enough masked tokens to mean something");
    }

    @Test
    void aMaskInAnyCaseIsABlank() {
        MaskPredictor p = predictor();
        String capitals = p.predictMask("the [MASK] sat on the mat.").toString();
        assertEquals(capitals, p.predictMask("the [mask] sat on the mat.").toString());
        assertEquals(capitals, p.predictMask("the [Mask] sat on the mat.").toString());
    }
}
