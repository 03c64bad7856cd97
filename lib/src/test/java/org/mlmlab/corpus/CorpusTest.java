package org.mlmlab.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CorpusTest {

    @Test
    void readsPlainTextJsonLinesAndCsv(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.txt"), "first line\nsecond line\n");
        Files.writeString(dir.resolve("b.jsonl"), "{\"text\": \"one\", \"id\": 1}\n\n{\"text\": \"two\"}\n");
        Files.writeString(dir.resolve("c.csv"), "id,body\n1,\"hello, world\"\n2,bye\n");
        assertEquals(List.of("first line", "second line"), CorpusFiles.read(dir.resolve("a.txt")).texts());
        assertEquals(List.of("one", "two"), CorpusFiles.read(dir.resolve("b.jsonl")).texts());
        assertEquals(List.of("hello, world", "bye"), CorpusFiles.read(dir.resolve("c.csv"), "body").texts());
    }

    /** Lines are split where String.lines splits, decoded one by one; a real U+FFFD in the file is kept. */
    @Test
    void readsLinesAsStringLinesDoes(@TempDir Path dir) throws IOException {
        String text = "\uFEFFfirst\r\nsecond\rthird\n\ncaf\u00e9 \uFFFD \u4e2d\nlast without newline";
        Files.writeString(dir.resolve("lines.txt"), text);
        assertEquals(text.substring(1).lines().toList(), CorpusFiles.readLines(dir.resolve("lines.txt")));
        Files.writeString(dir.resolve("one.txt"), "only\n");
        assertEquals(List.of("only"), CorpusFiles.readLines(dir.resolve("one.txt")));
    }

    @Test
    void badInputGetsAnErrorThatSaysWhatToDo(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("latin1.txt"), "ok\ncaf\u00e9\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("empty.txt"), "");
        Files.writeString(dir.resolve("blank.txt"), "\n  \n");
        Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("x.jsonl"), "{\"body\": \"no text field\"}\n");

        String latin1 = assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("latin1.txt"))).getMessage();
        assertTrue(latin1.contains("not UTF-8") && latin1.contains("byte 6") && latin1.contains("line 2"), latin1);
        assertTrue(latin1.contains("iconv"), latin1);
        assertTrue(assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("empty.txt")))
                .getMessage().contains("it is empty"));
        assertTrue(assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("blank.txt")))
                .getMessage().contains("has no text"));
        assertTrue(assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("missing.txt")))
                .getMessage().contains("not found"));
        assertTrue(assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("x.csv")))
                .getMessage().contains("no column 'text' (columns: a, b)"));
        assertTrue(assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("x.jsonl")))
                .getMessage().contains("line 1 has no text field 'text'"));
        Files.writeString(dir.resolve("open-quote.csv"), "text\n\"hello, world\nsecond line\n");
        String quote = assertThrows(CorpusException.class, () -> CorpusFiles.read(dir.resolve("open-quote.csv"))).getMessage();
        assertTrue(quote.contains("open-quote.csv is not a readable CSV file") && quote.contains("must close it"), quote);
    }

    @Test
    void cleaningTidiesWhitespaceAndDropsControlsEmptiesAndDuplicates() {
        TextCleaner.Result r = TextCleaner.clean(List.of("  Hello\t\tworld \n", "", "Hello world", "zero\u200Bwidth\u0007", "\u00a0"));
        assertEquals(List.of("Hello world", "zerowidth"), r.texts());
        assertEquals(2, r.emptyDropped());
        assertEquals(1, r.duplicatesDropped());
        assertEquals(5, r.input());
    }

    /** Texts already clean are returned as they are; the check must agree with the general path on every text. */
    @Test
    void theCleanAsciiShortcutAgreesWithTheGeneralPath() {
        java.util.Random random = new java.util.Random(5);
        String alphabet = "  aZ~\t\n\u0007\u007f\u00a0\u00e9\u200b.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            assertEquals(TextCleaner.cleanEachCodePoint(text), TextCleaner.cleanOne(text), "text: '" + text + "'");
        }
    }

    @Test
    void theSplitIsDeterministicDisjointAndComplete() {
        Corpus toy = ToyCorpus.load();
        Corpus.Split a = toy.split(0.25, 42);
        Corpus.Split b = toy.split(0.25, 42);
        Corpus.Split c = toy.split(0.25, 7);
        assertEquals(a, b);
        assertNotEquals(a.validation().texts(), c.validation().texts());
        assertEquals(10, a.validation().size());
        Set<String> all = new HashSet<>(a.train().texts());
        all.addAll(a.validation().texts());
        assertEquals(new HashSet<>(toy.texts()), all);
        assertEquals(toy.size(), a.train().size() + a.validation().size());
    }

    @Test
    void paragraphsSplitIntoSentences() {
        assertEquals(List.of("It rained.", "Did Anna stay home?", "Yes!"),
                SentenceSplitter.split(List.of("It rained.  Did Anna stay home? Yes!")));
    }

    @Test
    void wikiTextDropsHeadingsAndJoinsItsTokenisedPunctuation(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("wiki.train.raw"),
                " \n = Valkyria = \n \n The game sold 1 @,@ 000 copies . It is well @-@ known . \n = = Plot = = \n Version 2 @.@ 0 shipped . \n");
        Corpus wiki = WikiText.fromDirectory(dir);
        assertEquals(List.of("The game sold 1,000 copies .", "It is well-known .", "Version 2.0 shipped ."), wiki.texts());
        assertThrows(CorpusException.class, () -> WikiText.fromDirectory(dir.resolve("none")));
    }

    @Test
    void theToyCorpusIsSmallAndRepeats() {
        assertEquals(40, ToyCorpus.load().size());
        assertEquals(120, ToyCorpus.repeated(3).size());
        assertEquals("hello! how are you?", ToyCorpus.load().texts().get(0));
    }

    /**
     * The real default corpus: fetched once by ./lab setup, verified against npm's integrity hash; every sentence in
     * nlp-corpus-all, the classroom-safe ones (no word of the classroom list, order kept) in nlp-corpus.
     */
    @Test
    void theDefaultCorpusHasItsHundredThousandSentencesAndDropsTheUnsafeOnes() {
        Corpus all = Corpora.load(NlpCorpusPackage.ALL);
        assertEquals(100_000, all.size());
        assertEquals("Creakiness and atmosphere this film has, but so unfortunately does the print I just viewed.", all.texts().get(0));
        ClassroomFilter filter = ClassroomFilter.load(Lab.dataDir());
        Corpus safe = Corpora.load(Corpora.DEFAULT);
        assertEquals(all.texts().stream().filter(t -> !filter.flags(t)).toList(), safe.texts());
        assertTrue(safe.size() < all.size() && safe.size() > 95_000, "dropped " + (all.size() - safe.size()));
        Path tarball = Lab.dataDir().resolve("downloads").resolve(NlpCorpusPackage.CORPUS.tarball());
        assertEquals(NlpCorpusPackage.CORPUS.integrity(), NpmPackage.integrity(tarball));
    }
}
