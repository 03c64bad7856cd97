package org.mlmlab.tokenizer;

import org.junit.jupiter.api.Test;
import org.mlmlab.corpus.ToyCorpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WordPieceTrainerTest {

    private static List<String> repeat(String word, int times) {
        return Collections.nCopies(times, word);
    }

    /** The classic example: hug x10, pug x5, pun x12, bun x4, hugs x5. */
    private static List<String> hugs() {
        List<String> texts = new ArrayList<>();
        texts.addAll(repeat("hug", 10));
        texts.addAll(repeat("pug", 5));
        texts.addAll(repeat("pun", 12));
        texts.addAll(repeat("bun", 4));
        texts.addAll(repeat("hugs", 5));
        return texts;
    }

    @Test
    void mergesTheMostFrequentPairFirst() {
        WordPieceTrainer.Result r = WordPieceTrainer.train(hugs(), WordPieceTrainer.Config.defaults().withVocabSize(16));
        // Pairs: ##u ##g 20, p ##u 17, ##u ##n 16, h ##u 15, ##g ##s 5, b ##u 4.
        assertEquals(new WordPieceTrainer.Merge("##u", "##g", "##ug", 20), r.merges().get(0));
        // Now pug is p ##ug, so p ##u drops to 12 and ##u ##n (16) comes next.
        assertEquals(new WordPieceTrainer.Merge("##u", "##n", "##un", 16), r.merges().get(1));
        // Specials first (the seed's ids), then the alphabet in code-point order, then ## pieces.
        assertEquals(List.of("[UNK]", "[PAD]", "[MASK]", "b", "g", "h", "n", "p", "s", "u"), r.tokens().subList(0, 10));
        assertEquals(16, r.tokens().size());
    }

    @Test
    void stopsBelowTheMinimumFrequency() {
        WordPieceTrainer.Result r = WordPieceTrainer.train(hugs(),
                WordPieceTrainer.Config.defaults().withVocabSize(1000).withMinFrequency(16));
        // ##ug 20, then ##un 16; the best pair left, h ##ug, occurs 15 times.
        assertEquals(List.of("##ug", "##un"), r.merges().stream().map(WordPieceTrainer.Merge::token).toList());
    }

    @Test
    void theSameCorpusAndSettingsGiveTheSameIds() {
        List<String> texts = ToyCorpus.repeated(3).texts();
        WordPieceTrainer.Config config = WordPieceTrainer.Config.defaults().withVocabSize(300);
        assertEquals(WordPieceTrainer.train(texts, config).tokens(), WordPieceTrainer.train(texts, config).tokens());
        List<String> shuffled = new ArrayList<>(texts);
        Collections.shuffle(shuffled, new java.util.Random(1));
        assertEquals(WordPieceTrainer.train(texts, config).tokens(), WordPieceTrainer.train(shuffled, config).tokens(),
                "the order of the texts must not matter");
    }

    @Test
    void theAlphabetLimitKeepsTheMostFrequentCharacters() {
        WordPieceTrainer.Result r = WordPieceTrainer.train(List.of("aaa bb c"),
                WordPieceTrainer.Config.defaults().withLimitAlphabet(2).withVocabSize(100).withMinFrequency(1));
        assertEquals(List.of("[UNK]", "[PAD]", "[MASK]", "a", "b", "##a", "##b"), r.tokens().subList(0, 7));
        assertFalse(r.tokens().contains("c"));
    }

    @Test
    void bertSpecialTokensAreSupported() {
        WordPieceTrainer.Result r = WordPieceTrainer.train(ToyCorpus.load().texts(),
                WordPieceTrainer.Config.defaults().withSpecialTokens(WordPieceTrainer.Config.BERT_SPECIALS).withVocabSize(200));
        assertEquals(WordPieceTrainer.Config.BERT_SPECIALS, r.tokens().subList(0, 5));
    }

    @Test
    void aVocabularyTooSmallForTheAlphabetIsAClearError() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> WordPieceTrainer.train(ToyCorpus.load().texts(), WordPieceTrainer.Config.defaults().withVocabSize(10)));
        assertTrue(e.getMessage().contains("cannot hold the 3 special tokens plus the"), e.getMessage());
        assertTrue(e.getMessage().contains("Use a vocabulary size of at least"), e.getMessage());
    }

    @Test
    void aCorpusWithoutWordsIsAClearError() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> WordPieceTrainer.train(List.of("", "  \t", "\u0000"), WordPieceTrainer.Config.defaults()));
        assertTrue(e.getMessage().contains("no words to learn from"), e.getMessage());
    }
}
