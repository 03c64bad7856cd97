package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.corpus.ToyCorpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 1's checks pass the cleaning and split written out, and fail the usual mistakes with their hints. */
class DatasetChecksTest {
    static final List<String> SAMPLE = ToyCorpus.load().texts();

    /** Cleaning as a student writes it; {@code space} decides what counts as whitespace. */
    static String clean(String text, boolean allSpaces, boolean dropInvisible) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int c : text.codePoints().toArray()) {
            if (allSpaces ? Character.isWhitespace(c) || Character.isSpaceChar(c) : c == ' ') {
                space = out.length() > 0;
            } else if (dropInvisible && invisible(c)) {
                continue;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE || c == 0xFFFD;
    }

    static List<String> cleanAll(List<String> texts, UnaryOperator<String> clean, boolean dedupe) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String t : texts) {
            String c = clean.apply(t);
            if (!c.isEmpty() && (!dedupe || seen.add(c))) {
                out.add(c);
            }
        }
        return out;
    }

    static String cleaningFailure(UnaryOperator<String> clean, boolean dedupe) {
        return assertThrows(CheckFailed.class, () -> DatasetChecks.cleaning(texts -> cleanAll(texts, clean, dedupe), SAMPLE)).getMessage();
    }

    @Test
    void theCleanerWrittenOutPassesAndMistakesGetTheirHints() {
        DatasetChecks.cleaning(texts -> cleanAll(texts, t -> clean(t, true, true), true), SAMPLE);
        assertHint(cleaningFailure(t -> clean(t, false, true), true), "only the plain space counts");
        assertHint(cleaningFailure(t -> clean(t, true, false), true), "stay in your texts");
        assertHint(cleaningFailure(t -> clean(t, true, true), false), "more than once");
        assertHint(cleaningFailure(t -> clean(t, true, true).toLowerCase(Locale.ROOT), true), "keep the case");
        assertHint(cleaningFailure(t -> t.strip(), true), "where a space is expected");
        String stub = assertThrows(CheckFailed.class, () -> DatasetChecks.cleaning(texts -> {
            throw new YourTurn();
        }, SAMPLE)).getMessage();
        assertTrue(stub.startsWith("FAIL: your cleanAll() is not written yet."), stub);
    }

    static Corpus.Split split(List<String> texts, double fraction, long seed, boolean shuffle, boolean validationLast, boolean floor) {
        List<String> copy = new ArrayList<>(texts);
        if (shuffle) {
            Collections.shuffle(copy, new Random(seed));
        }
        double exact = texts.size() * fraction;
        int n = (int) Math.max(1, Math.min(texts.size() - 1, floor ? Math.floor(exact) : Math.round(exact)));
        int cut = validationLast ? copy.size() - n : n;
        List<String> first = copy.subList(0, cut);
        List<String> second = copy.subList(cut, copy.size());
        return validationLast ? new Corpus.Split(new Corpus("train", first), new Corpus("validation", second))
                : new Corpus.Split(new Corpus("train", second), new Corpus("validation", first));
    }

    static String splitFailure(DatasetChecks.SplitRule rule) {
        return assertThrows(CheckFailed.class, () -> DatasetChecks.split(rule)).getMessage();
    }

    @Test
    void theSplitWrittenOutPassesAndMistakesGetTheirHints() {
        DatasetChecks.split((t, f, s) -> split(t, f, s, true, false, false));
        assertHint(splitFailure((t, f, s) -> split(t, f, s, false, false, false)), "gave only 1 different");
        assertHint(splitFailure((t, f, s) -> split(t, f, s, true, false, true)), "not down");
        DatasetChecks.split((t, f, s) -> split(t, f, s, true, true, false));   // validation from the end is as right
        assertHint(splitFailure((t, f, s) -> new Corpus.Split(new Corpus("t", t), new Corpus("v", t.subList(0, 1))))
                , "every text goes to exactly one part");
    }
}
