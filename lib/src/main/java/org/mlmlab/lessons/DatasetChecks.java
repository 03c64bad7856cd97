package org.mlmlab.lessons;

import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Lesson 1's checks: the student's cleaning against {@link TextCleaner}, their split against {@link Corpus#split}. */
public final class DatasetChecks {
    /** Texts that exercise every rule of the cleaner: whitespace of all kinds, invisible characters, empties, duplicates. */
    static final List<String> TRICKY = List.of(
            "  leading and trailing spaces  ", "tabs\tand\nnew lines\r\nhere", "a no\u00A0break space and an em\u2003space",
            "zero\u200Bwidth space and soft\u00ADhyphen", "a bell\u0007 and a null \u0000 character", "", "   \t ",
            "tabs and new lines here", "café, naïve, ✓ and 東京 stay as they are", "a replacement \uFFFD character",
            "Case Stays As It Is", "many     spaces   in   a row", "café, naïve, ✓ and 東京 stay as they are");

    /** The student's split: texts, validation share and seed in; the two parts out. */
    @FunctionalInterface
    public interface SplitRule {
        Corpus.Split split(List<String> texts, double validationFraction, long seed);
    }

    private DatasetChecks() {
    }

    /** The student's {@code cleanAll} against the library's cleaner, on the tricky texts and then on {@code sample}. */
    public static void cleaning(Function<List<String>, List<String>> cleanAll, List<String> sample) {
        for (List<String> texts : List.of(TRICKY, sample)) {
            List<String> expected = TextCleaner.clean(texts).texts();
            List<String> got = Check.attempt("your cleanAll()", () -> cleanAll.apply(List.copyOf(texts)));
            compareCleaned(got, expected);
        }
        Check.pass(String.format("your cleaner keeps the same %,d texts as TextCleaner, character for character "
                + "(%d tricky texts and %,d texts of the corpus).", TRICKY.size() + sample.size(), TRICKY.size(), sample.size()));
    }

    private static void compareCleaned(List<String> got, List<String> expected) {
        if (got == null) {
            throw Check.fail("cleanAll() returned null.", "return the list of cleaned texts.");
        }
        if (got.stream().anyMatch(String::isEmpty)) {
            throw Check.fail("your list has an empty text.", "drop texts that are empty once cleaned.");
        }
        if (new HashSet<>(got).size() < got.size()) {
            throw Check.fail("your list has a text twice.", "drop exact duplicates, keeping the first: a LinkedHashSet does it in order.");
        }
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            String mine = got.get(i);
            String theirs = expected.get(i);
            if (!mine.equals(theirs)) {
                throw Check.fail("text " + i + ": yours is " + quote(mine) + ", the library's " + quote(theirs) + ".", hint(mine, theirs, expected));
            }
        }
        if (got.size() != expected.size()) {
            throw Check.fail("you kept " + got.size() + " texts, the library " + expected.size() + ".",
                    "keep every text that is neither empty once cleaned nor a duplicate of an earlier one.");
        }
    }

    private static String hint(String mine, String theirs, List<String> expected) {
        if (expected.contains(mine)) {
            return "keep the texts in the order they came.";
        }
        if (mine.equalsIgnoreCase(theirs)) {
            return "keep the case as it is: the tokenizer lowercases later, and some tokenizers keep case.";
        }
        if (mine.codePoints().anyMatch(c -> c != ' ' && (Character.isWhitespace(c) || Character.isSpaceChar(c)))) {
            return "turn every kind of whitespace into a plain space: tabs, new lines, no-break spaces "
                    + "(Character.isWhitespace(c) || Character.isSpaceChar(c)).";
        }
        if (mine.replace(" ", "").equals(theirs.replace(" ", ""))) {
            return "tabs and new lines separate words too: turn every kind of whitespace into a space "
                    + "(Character.isWhitespace(c) || Character.isSpaceChar(c)), then collapse runs of them.";
        }
        if (mine.contains("  ")) {
            return "collapse each run of whitespace into one space.";
        }
        if (mine.startsWith(" ") || mine.endsWith(" ")) {
            return "trim the ends: no space before the first or after the last visible character.";
        }
        if (mine.codePoints().anyMatch(DatasetChecks::invisible)) {
            return "drop invisible characters: those whose Character.getType is CONTROL, FORMAT, UNASSIGNED, PRIVATE_USE or "
                    + "SURROGATE, and the replacement character U+FFFD.";
        }
        return "compare your text with the library's character by character: which one differs?";
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || c == 0xFFFD;
    }

    /** The student's split against the library's, for several sizes, shares and seeds. */
    public static void split(SplitRule rule) {
        int[][] cases = {{10, 20, 42}, {3, 5, 42}, {1000, 5, 7}, {2, 50, 1}, {57, 10, 42}};
        for (int[] c : cases) {
            List<String> texts = IntStream.rangeClosed(1, c[0]).mapToObj(i -> "text " + i).toList();
            double fraction = c[1] / 100.0;
            long seed = c[2];
            Corpus.Split expected = new Corpus("texts", texts).split(fraction, seed);
            Corpus.Split got = Check.attempt("your splitTexts()", () -> rule.split(texts, fraction, seed));
            compareSplits(got, expected, String.format("%d texts, %.0f%% for validation, seed %d", c[0], 100 * fraction, seed));
        }
        Check.pass("your split gives the library's training and validation texts, in the same order, for " + cases.length
                + " sizes, shares and seeds.");
    }

    private static void compareSplits(Corpus.Split got, Corpus.Split expected, String setting) {
        if (got == null || got.train() == null || got.validation() == null) {
            throw Check.fail(setting + ": splitTexts() returned no split.",
                    "return new Corpus.Split(new Corpus(\"train\", ...), new Corpus(\"validation\", ...)).");
        }
        List<String> train = got.train().texts();
        List<String> validation = got.validation().texts();
        List<String> all = new ArrayList<>(train);
        all.addAll(validation);
        Set<String> distinct = new HashSet<>(all);
        int total = expected.train().size() + expected.validation().size();
        if (distinct.size() != all.size() || all.size() != total) {
            throw Check.fail(setting + ": your parts hold " + all.size() + " texts (" + distinct.size() + " different), the corpus "
                    + total + ".", "every text goes to exactly one part.");
        }
        if (validation.equals(expected.train().texts())) {
            throw Check.fail(setting + ": your validation part is the library's training part.",
                    "validation is the first part of the shuffled list, training the rest.");
        }
        if (validation.size() != expected.validation().size()) {
            throw Check.fail(setting + ": your validation part has " + validation.size() + " texts, the library's "
                    + expected.validation().size() + ".", "validation gets round(texts x fraction) texts, at least 1 and at most "
                    + "all but one: Math.max(1, Math.min(n - 1, Math.round(n * fraction))).");
        }
        if (!validation.equals(expected.validation().texts()) || !train.equals(expected.train().texts())) {
            throw Check.fail(setting + ": your validation part starts " + head(validation) + ", the library's "
                    + head(expected.validation().texts()) + ".", "shuffle a copy with Collections.shuffle(copy, new Random(seed)), then cut "
                    + "it: the first texts are validation, the rest training, both in shuffled order.");
        }
    }

    private static String head(List<String> texts) {
        return texts.subList(0, Math.min(3, texts.size())).toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> out.append(c >= 32 && c != 127 && !Character.isSpaceChar(c) || c == ' '
                ? new String(Character.toChars(c)) : String.format(Locale.ROOT, "\\u%04X", c)));
        return out.append('"').toString();
    }
}
