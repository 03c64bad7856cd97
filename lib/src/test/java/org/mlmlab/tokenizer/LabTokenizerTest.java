package org.mlmlab.tokenizer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.corpus.ToyCorpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class LabTokenizerTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void train() {
        TokenizerFiles.save(WordPieceTrainer.train(ToyCorpus.repeated(2).texts(),
                WordPieceTrainer.Config.defaults().withVocabSize(600)), dir);
    }

    @Test
    void encodesWithTheSeedsSpecialIdsAndDecodesBack() throws IOException {
        try (LabTokenizer tok = LabTokenizer.load(dir, 128)) {
            assertEquals(1, tok.id("[PAD]"));
            assertEquals(2, tok.id("[MASK]"));
            assertEquals(0, tok.id("[UNK]"));
            LabTokenizer.Encoded e = tok.encode("Hello! How are you?");
            assertArrayEquals(new String[] {"hello", "!", "how", "are", "you", "?"}, e.tokens());
            assertEquals("hello! how are you?", tok.decode(e.ids()));
            assertEquals("[MASK]", tok.encode("how are [MASK]?").tokens()[2], "[MASK] in text stays one token");
            assertTrue(tok.vocabSize() > 300 && tok.vocabSize() <= 600);
            assertEquals(Files.readAllLines(dir.resolve(TokenizerFiles.VOCAB)), tok.vocab());
        }
    }

    @Test
    void splitsUnknownWordsIntoPiecesAndTruncates() {
        try (LabTokenizer tok = LabTokenizer.load(dir, 5)) {
            LabTokenizer.Encoded e = tok.encode("the xylophone sings sings sings");
            assertEquals(5, e.length(), "truncated to max length");
            assertTrue(e.tokens()[1].startsWith("x") && e.tokens()[2].startsWith("##"), String.join(" ", e.tokens()));
            assertEquals(1, e.wordIds()[2]);
        }
    }

    @Test
    void missingAndCorruptFilesGetClearErrors(@TempDir Path other) throws IOException {
        String missing = assertThrows(TokenizerException.class, () -> LabTokenizer.load(other, 128)).getMessage();
        assertTrue(missing.contains("No tokenizer at") && missing.contains("./lab tokenizer train"), missing);
        Files.writeString(other.resolve(TokenizerFiles.JSON), "{\"model\": {\"vocab\": ");
        String corrupt = assertThrows(TokenizerException.class, () -> LabTokenizer.load(other, 128)).getMessage();
        assertTrue(corrupt.contains("corrupt"), corrupt);
    }

    /** HuggingFace's other models load as tokenizers but are not what the lessons mask and predict with. */
    @Test
    void bpeAndUnigramFilesAreRefusedByName(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve(TokenizerFiles.JSON),
                "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2}, \"merges\": [\"a b\"]}}");
        String bpe = assertThrows(TokenizerException.class, () -> LabTokenizer.load(other, 128)).getMessage();
        assertTrue(bpe.contains("is a BPE tokenizer") && bpe.contains("WordPiece"), bpe);
        Files.writeString(other.resolve(TokenizerFiles.JSON), "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.0]]}}");
        String unigram = assertThrows(TokenizerException.class, () -> LabTokenizer.load(other, 128)).getMessage();
        assertTrue(unigram.contains("is a Unigram tokenizer"), unigram);
    }

    @Test
    void theFingerprintIdentifiesTheFile() {
        try (LabTokenizer a = LabTokenizer.load(dir, 128); LabTokenizer b = LabTokenizer.load(dir, 64)) {
            assertEquals(a.fingerprint(), b.fingerprint());
            assertEquals(64, a.fingerprint().length());
        }
    }

    @Test
    void aSaveNeverReplacesAFolderThatHoldsOtherFiles(@TempDir Path other) throws IOException {
        Files.writeString(other.resolve("notes.txt"), "a student's notes");
        WordPieceTrainer.Result result = WordPieceTrainer.train(ToyCorpus.repeated(1).texts(), WordPieceTrainer.Config.defaults().withVocabSize(300));
        TokenizerException e = assertThrows(TokenizerException.class, () -> TokenizerFiles.save(result, other));
        assertTrue(e.getMessage().contains("holds other files (notes.txt)"), e.getMessage());
        assertEquals("a student's notes", Files.readString(other.resolve("notes.txt")));
        TokenizerException file = assertThrows(TokenizerException.class, () -> TokenizerFiles.save(result, other.resolve("notes.txt")));
        assertTrue(file.getMessage().contains("is a file, not a folder"), file.getMessage());
    }
}
