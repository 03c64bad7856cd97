package org.mlmlab.lessons;

import org.mlmlab.Exercise;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.TextCleaner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Lesson 1's checks. The cleaner's rules decide its output character for character, so any correct
 * cleaner gives {@link TextCleaner}'s texts: they are compared text by text. A split involves chance,
 * so it is judged by what makes it right: the sizes, every text in exactly one part, the same seed
 * giving the same split and other seeds other ones, and every text equally likely to be held out.
 */
public final class DatasetChecks {
    /** Texts that exercise every rule of the cleaner: whitespace of all kinds, invisible characters, empties, duplicates. */
    static final List<String> TRICKY = List.of(
            "  leading and trailing spaces  ", "tabs\tand\nnew lines\r\nhere", "a no\u00A0break space and an em\u2003space",
            "zero\u200Bwidth space and soft\u00ADhyphen", "a bell\u0007 and a null \u0000 character", "", "   \t ",
            "tabs and new lines here", "café, naïve, ✓ and 東京 stay as they are", "a replacement \uFFFD character",
            "Case Stays As It Is", "many     spaces   in   a row", "café, naïve, ✓ and 东京 stay as they are",
            "café, naïve, ✓ and 東京 stay as they are", "\u200B", "an ideographic\u3000space and a line\u2028separator");

    static final String CLEANING_RECIPE = """
              cleanText: walk the text's code points with a flag "a space is owed". A whitespace character (any kind)
              sets the flag if something was written already; an invisible one is skipped; any other character first
              writes the owed space (if any), then itself. A space still owed at the end is never written.
              cleanAll: clean each text, skip the empty ones, and add the rest to a LinkedHashSet (it drops duplicates
              and keeps the order); return it as a list.""";
    static final String SPLIT_RECIPE = """
              Copy the texts into a new ArrayList and shuffle it with Collections.shuffle(copy, new Random(seed)).
              n = Math.max(1, Math.min(size - 1, Math.round(size * fraction))). The first n texts of the shuffled
              copy are validation, the rest training: new Corpus.Split(new Corpus("train", rest), new Corpus("validation", first)).""";

    /** The student's split: texts, validation share and seed in; the two parts out. */
    @FunctionalInterface
    public interface SplitRule {
        Corpus.Split split(List<String> texts, double validationFraction, long seed);
    }

    private DatasetChecks() {
    }

    // ---- Cleaning ----

    /** The student's {@code cleanAll}: every text alone, then the tricky texts and {@code sample} as lists. */
    public static void cleaning(Function<List<String>, List<String>> cleanAll, List<String> sample) {
        Check check = new Check(Exercise.CLEANING);
        List<String> texts = new ArrayList<>(TRICKY);
        texts.addAll(sample);
        for (String raw : texts) {   // one text at a time: each rule's slip shows on the text made for it
            List<String> expected = TextCleaner.clean(List.of(raw)).texts();
            List<String> got = check.attempt("your cleanAll()", () -> cleanAll.apply(List.of(raw)));
            if (got == null) {
                throw check.fail("cleanAll() returned null.", null);
            }
            if (!got.equals(expected)) {
                throw check.fail(expected.isEmpty() ? "for the text " + quote(raw) + " you kept " + quote(String.valueOf(got))
                                + ", but it is empty once cleaned: drop it."
                                : "the text " + quote(raw) + " cleans to " + quote(expected.get(0)) + ", yours gives "
                                + (got.size() == 1 ? quote(got.get(0)) + " (" + firstDifference(got.get(0), expected.get(0)) + ")" : got + "."),
                        got.size() == 1 && !expected.isEmpty() ? cleaningCause(raw, got.get(0)) : null);
            }
        }
        for (List<String> list : List.of(TRICKY, sample)) {   // whole lists: empties, duplicates, order
            List<String> expected = TextCleaner.clean(list).texts();
            List<String> got = check.attempt("your cleanAll()", () -> cleanAll.apply(List.copyOf(list)));
            compareLists(check, got, expected);
        }
        check.pass(String.format("your cleaner gives the cleaned texts of %d tricky texts and %,d texts of the corpus, "
                + "one by one and as lists (empties and duplicates dropped, order kept).", TRICKY.size(), sample.size()));
    }

    private static void compareLists(Check check, List<String> got, List<String> expected) {
        if (got == null) {
            throw check.fail("cleanAll() returned null.", null);
        }
        if (got.stream().anyMatch(String::isEmpty)) {
            throw check.fail("your list holds an empty text.", "texts that are empty once cleaned are dropped.");
        }
        if (new HashSet<>(got).size() < got.size()) {
            String twice = got.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())).entrySet().stream()
                    .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).findFirst().orElseThrow();
            throw check.fail("your list holds " + quote(twice) + " more than once.",
                    "exact duplicates are dropped, the first one staying.");
        }
        if (!new HashSet<>(got).equals(new HashSet<>(expected))) {
            throw check.fail("you kept " + got.size() + " texts where " + expected.size() + " are expected.", null);
        }
        if (!got.equals(expected)) {
            int i = IntStream.range(0, got.size()).filter(j -> !got.get(j).equals(expected.get(j))).findFirst().orElseThrow();
            throw check.fail("the right texts in another order: text " + i + " is " + quote(got.get(i)) + ", expected "
                    + quote(expected.get(i)) + ".", "keep the texts in the order they came: a HashSet forgets it.");
        }
    }

    /** The slip whose result on {@code raw} is the student's {@code got}, or null. */
    private static String cleaningCause(String raw, String got) {
        IntPredicate anySpace = c -> Character.isWhitespace(c) || Character.isSpaceChar(c);
        Map<String, UnaryOperator<String>> slips = new LinkedHashMap<>();
        slips.put("only the plain space counts as whitespace in your cleaner: tabs, new lines and no-break spaces are whitespace too.",
                t -> clean(t, c -> c == ' ', TextCleaner::isInvisible, false, true, true));
        slips.put("Character.isWhitespace alone misses the no-break spaces (U+00A0, U+2007, U+202F): Character.isSpaceChar knows them.",
                t -> clean(t, Character::isWhitespace, TextCleaner::isInvisible, false, true, true));
        slips.put("Character.isSpaceChar alone misses tabs and new lines: Character.isWhitespace knows them.",
                t -> clean(t, Character::isSpaceChar, TextCleaner::isInvisible, false, true, true));
        slips.put("your cleaner turns invisible characters into spaces: they are removed, so \"zero\\u200Bwidth\" becomes \"zerowidth\".",
                t -> clean(t, anySpace, c -> false, true, true, true));
        slips.put("invisible characters (control and format characters, U+FFFD...) stay in your texts: remove them.",
                t -> clean(t, anySpace, c -> false, false, true, true));
        slips.put("a run of whitespace becomes one space, not one space per character.",
                t -> clean(t, anySpace, TextCleaner::isInvisible, false, false, true));
        slips.put("the ends are trimmed: no space before the first or after the last visible character.",
                t -> clean(t, anySpace, TextCleaner::isInvisible, false, true, false));
        slips.put("keep the case as it is: the tokenizer decides about case later.",
                t -> clean(t, anySpace, TextCleaner::isInvisible, false, true, true).toLowerCase(Locale.ROOT));
        for (Map.Entry<String, UnaryOperator<String>> slip : slips.entrySet()) {
            if (slip.getValue().apply(raw).equals(got)) {
                return slip.getKey();
            }
        }
        return null;
    }

    /** A cleaner with switches for the slips (with the lesson's whitespace and invisible characters and the rest on, the lesson's rules). */
    private static String clean(String text, IntPredicate whitespace, IntPredicate invisible, boolean invisibleAsSpace,
                                boolean collapse, boolean trim) {
        StringBuilder out = new StringBuilder();
        for (int c : text.codePoints().toArray()) {
            boolean space = whitespace.test(c) || (invisibleAsSpace && TextCleaner.isInvisible(c));
            if (space) {
                if (!collapse || out.length() == 0 || out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
            } else if (!invisible.test(c)) {
                out.appendCodePoint(c);
            }
        }
        String result = out.toString();
        return trim ? result.strip() : result;
    }

    private static String firstDifference(String got, String expected) {
        int i = 0;
        while (i < got.length() && i < expected.length() && got.charAt(i) == expected.charAt(i)) {
            i++;
        }
        String yours = i < got.length() ? describe(got.codePointAt(i)) : "the end";
        String theirs = i < expected.length() ? describe(expected.codePointAt(i)) : "the end";
        return "at character " + i + " yours has " + yours + " where " + theirs + " is expected";
    }

    private static String describe(int c) {
        return c == ' ' ? "a space" : c >= 33 && c < 127 ? "'" + (char) c + "'" : String.format(Locale.ROOT, "U+%04X", c);
    }

    // ---- Split ----

    /** Seeds for the test that every text is equally likely to be held out. */
    static final int UNIFORMITY_SEEDS = 400;

    /** The student's split, judged by its properties on several sizes, shares and seeds. */
    public static void split(SplitRule rule) {
        Check check = new Check(Exercise.SPLIT);
        int[][] cases = {{10, 20, 42}, {3, 5, 42}, {1000, 5, 7}, {2, 50, 1}, {57, 10, 42}, {10, 99, 3}, {40, 25, 11}};
        for (int[] c : cases) {
            List<String> texts = texts(c[0]);
            double fraction = c[1] / 100.0;
            long seed = c[2];
            String setting = String.format("%d texts, %.0f%% for validation, seed %d", c[0], 100 * fraction, seed);
            Corpus.Split got = check.attempt("your splitTexts()", () -> rule.split(texts, fraction, seed));
            checkParts(check, got, texts, fraction, setting);
            Corpus.Split again = check.attempt("your splitTexts()", () -> rule.split(texts, fraction, seed));
            if (!again.validation().texts().equals(got.validation().texts()) || !again.train().texts().equals(got.train().texts())) {
                throw check.fail(setting + ": the same texts and seed gave two different splits.",
                        "the shuffle must be decided by the seed alone: a Random made from the seed, not one without it.");
            }
        }
        List<String> texts = texts(1000);
        Set<Set<String>> validations = new HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            long s = seed;
            validations.add(Set.copyOf(check.attempt("your splitTexts()", () -> rule.split(texts, 0.05, s)).validation().texts()));
        }
        if (validations.size() < 5) {
            throw check.fail("seeds 1 to 5 gave only " + validations.size() + " different validation part(s) of 1000 texts.",
                    "use the seed you are given: it is what makes one split differ from another.");
        }
        uniformity(check, rule);
        check.pass(String.format("your split has the right sizes, puts every text in one part, repeats for a seed, differs "
                + "between seeds, and holds every text out equally often (%d sizes and shares, %d seeds).", cases.length, UNIFORMITY_SEEDS));
    }

    private static List<String> texts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "text " + i).toList();
    }

    private static void checkParts(Check check, Corpus.Split got, List<String> texts, double fraction, String setting) {
        if (got == null || got.train() == null || got.validation() == null) {
            throw check.fail(setting + ": splitTexts() returned no split.", null);
        }
        List<String> train = got.train().texts();
        List<String> validation = got.validation().texts();
        List<String> all = new ArrayList<>(train);
        all.addAll(validation);
        if (all.size() != texts.size() || !new HashSet<>(all).equals(new HashSet<>(texts))) {
            Set<String> seen = new HashSet<>();
            String twice = all.stream().filter(t -> !seen.add(t)).findFirst().orElse(null);
            throw check.fail(setting + ": your parts hold " + all.size() + " texts in all"
                    + (twice != null ? ", \"" + twice + "\" more than once" : ", not the corpus's " + texts.size()) + ".",
                    "every text goes to exactly one part.");
        }
        long n = Math.max(1, Math.min(texts.size() - 1, Math.round(texts.size() * fraction)));
        if (validation.size() != n) {
            throw check.fail(setting + ": your validation part has " + validation.size() + " texts, expected " + n
                    + " (round(" + texts.size() + " x " + fraction + ")" + (n == Math.round(texts.size() * fraction) ? "" : ", kept between 1 and all but one")
                    + ").", validation.size() == texts.size() - n ? "your two parts are swapped."
                    : validation.size() == Math.round(texts.size() * fraction) ? "both parts need at least one text."
                    : validation.size() == (long) Math.floor(texts.size() * fraction) ? "round to the nearest whole number, not down." : null);
        }
    }

    /**
     * Every text equally likely to be held out: 20 texts, 5 for validation, {@value #UNIFORMITY_SEEDS} seeds.
     * Each text's count of seeds that hold it out is compared with the 100 expected by Pearson's chi-square
     * statistic (19 degrees of freedom). The limit is the statistic's 1 - 1e-6 quantile: a truly uniform
     * split fails by chance once in a million seeds' sets (a sampling without replacement is even less
     * variable, so rarer still), while a split that ignores the order's randomness fails by hundreds.
     */
    private static void uniformity(Check check, SplitRule rule) {
        List<String> texts = texts(20);
        double[] counts = new double[texts.size()];
        for (long seed = 1; seed <= UNIFORMITY_SEEDS; seed++) {
            long s = seed;
            for (String t : check.attempt("your splitTexts()", () -> rule.split(texts, 0.25, s)).validation().texts()) {
                counts[texts.indexOf(t)]++;
            }
        }
        double expected = UNIFORMITY_SEEDS * 0.25;
        double statistic = Statistics.chiSquare(counts, expected);
        double limit = Statistics.chiSquareLimit(texts.size() - 1);
        if (statistic > limit) {
            int most = IntStream.range(0, counts.length).reduce((a, b) -> counts[a] >= counts[b] ? a : b).orElseThrow();
            int least = IntStream.range(0, counts.length).reduce((a, b) -> counts[a] <= counts[b] ? a : b).orElseThrow();
            throw check.fail(String.format("over %d seeds, 20 texts with 5 held out: \"%s\" was held out %.0f times, \"%s\" %.0f times, "
                            + "where each should be about %.0f (chi-square %.0f, limit %.0f).", UNIFORMITY_SEEDS, texts.get(most), counts[most],
                    texts.get(least), counts[least], expected, statistic, limit),
                    counts[0] == UNIFORMITY_SEEDS || counts[counts.length - 1] == UNIFORMITY_SEEDS
                            ? "the texts are not shuffled before the cut." : null);
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> out.append(c >= 32 && c != 127 && !Character.isSpaceChar(c) || c == ' '
                ? Character.toString(c) : String.format(Locale.ROOT, "\\u%04X", c)));
        return out.append('"').toString();
    }
}
