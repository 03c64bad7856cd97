package org.mlmlab.lessons;

import org.mlmlab.tokenizer.WordPieceTrainer;
import org.mlmlab.tokenizer.WordPieceTrainer.Merge;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lesson 2's check: the student's merge loop against {@link WordPieceTrainer}, merge by merge,
 * from the same starting point. On a difference it replays the library's merges up to that
 * point and counts the pairs there, to tell a counting mistake from a tie broken the other way.
 */
public final class MergeCheck {
    /** The student's loop: the starting point in, the merges in order out. */
    @FunctionalInterface
    public interface Loop {
        List<Merge> learnMerges(WordPieceTrainer.Start start, int vocabSize, int minFrequency);
    }

    private MergeCheck() {
    }

    public static void check(Loop loop, List<String> texts, WordPieceTrainer.Config config) {
        List<Merge> expected = WordPieceTrainer.train(texts, config).merges();
        WordPieceTrainer.Start start = WordPieceTrainer.start(texts, config);
        List<Merge> got = Check.attempt("your learnMerges()",
                () -> loop.learnMerges(WordPieceTrainer.start(texts, config), config.vocabSize(), config.minFrequency()));
        if (got == null) {
            throw Check.fail("learnMerges() returned null.", "return the list of merges, in the order you made them.");
        }
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            if (!got.get(i).equals(expected.get(i))) {
                throw Check.fail("merge " + (i + 1) + ": yours is " + show(got.get(i)) + ", the library's " + show(expected.get(i)) + ".",
                        hint(got.get(i), expected.get(i), pairCountsAfter(start, expected.subList(0, i))));
            }
        }
        if (got.size() != expected.size()) {
            throw Check.fail("you made " + got.size() + " merges, the library " + expected.size() + ".", got.size() < expected.size()
                    ? "keep merging until the vocabulary holds vocabSize tokens; stop early only when the best pair occurs fewer "
                    + "than minFrequency times."
                    : "stop when the vocabulary holds vocabSize tokens, or when the best pair occurs fewer than minFrequency times.");
        }
        Check.pass(String.format("your loop learns the library's %d merges, in order and with the same counts, from %d words.",
                expected.size(), start.words().size()));
    }

    private static String hint(Merge mine, Merge theirs, Map<String, Integer> counts) {
        String joined = mine.left() + (mine.right().startsWith("##") ? mine.right().substring(2) : mine.right());
        if (!mine.token().equals(joined)) {
            return "the new token is the left piece followed by the right one without its ##: \"t\" + \"##h\" makes \"th\".";
        }
        Integer real = counts.get(mine.left() + " " + mine.right());
        if (real == null || real != mine.count()) {
            return "the pair " + mine.left() + " + " + mine.right() + " occurs " + (real == null ? 0 : real) + " times at this point, "
                    + "you counted " + mine.count() + ": count every adjacent pair of every word, times that word's count, and "
                    + "count again after each merge.";
        }
        if (real == theirs.count()) {
            return "both pairs occur " + real + " times: a tie goes to the pair with the smaller ids (compare the left ids, then "
                    + "the right ids), as the library and HuggingFace do.";
        }
        return "the most frequent pair at this point is " + theirs.left() + " + " + theirs.right() + ", " + theirs.count()
                + " times: count every adjacent pair in every word, times that word's count (how often the word occurs).";
    }

    /** How often each adjacent pair ("left right") occurs after the given merges, replayed on the starting point. */
    private static Map<String, Integer> pairCountsAfter(WordPieceTrainer.Start start, List<Merge> merges) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < start.vocab().size(); id++) {
            ids.put(start.vocab().get(id), id);
        }
        List<String> vocab = start.vocab();
        List<int[]> words = start.words();
        for (Merge m : merges) {
            int left = ids.get(m.left());
            int right = ids.get(m.right());
            int id = ids.computeIfAbsent(m.token(), t -> {
                vocab.add(t);
                return vocab.size() - 1;
            });
            words.replaceAll(w -> replace(w, left, right, id));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            int[] pieces = words.get(w);
            for (int i = 0; i + 1 < pieces.length; i++) {
                counts.merge(vocab.get(pieces[i]) + " " + vocab.get(pieces[i + 1]), start.counts()[w], Integer::sum);
            }
        }
        return counts;
    }

    private static int[] replace(int[] word, int left, int right, int id) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            boolean pair = i + 1 < word.length && word[i] == left && word[i + 1] == right;
            out[n++] = pair ? id : word[i];
            i += pair ? 1 : 0;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static String show(Merge m) {
        return m.left() + " + " + m.right() + " -> " + m.token() + " (" + m.count() + " times)";
    }
}
