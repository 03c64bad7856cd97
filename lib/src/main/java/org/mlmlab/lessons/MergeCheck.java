package org.mlmlab.lessons;

import org.mlmlab.Exercise;
import org.mlmlab.tokenizer.WordPieceTrainer;
import org.mlmlab.tokenizer.WordPieceTrainer.Merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lesson 2's check. The merge loop is deterministic (ties included: the pair with the smaller ids
 * wins), so any correct loop learns {@link WordPieceTrainer}'s merges, in order and with their counts.
 * It runs on the lesson's sentences and on texts made to catch the slips those hide: pairs repeated
 * inside a word (banana), overlapping pairs (aaaa), one token reachable by two different merges, ties,
 * words of different counts. At the first merge that differs it says what the pair counts are at that
 * point, and names a slip only when a replay of that slip gives the student's merges.
 */
public final class MergeCheck {
    /** The student's loop: the starting point in, the merges in order out. */
    @FunctionalInterface
    public interface Loop {
        List<Merge> learnMerges(WordPieceTrainer.Start start, int vocabSize, int minFrequency);
    }

    /** Texts for the slips the lesson's sentences do not show. */
    static final List<String> TRICKY = List.of(
            "banana bandana cabana banana ananas", "mississippi missus kiss kiss miss", "aaaa aaa aa baaa aaaa",
            "abab abab cdcd abcd", "the then there these them the the", "lalala lala la la", "abc ab bc abc ab");
    static final String RECIPE = """
              Repeat while vocab.size() < vocabSize: count pairs in a HashMap<List<Integer>, Integer>: for each word w and each
              i, add counts[w] to the pair (pieces[i], pieces[i + 1]). Pick the largest count, ties to the smaller left id, then
              the smaller right id; stop if its count < minFrequency. token = left + right without its leading "##"; add it to
              vocab unless it is there; replace the pair in every word, scanning left to right (a merged piece is not reused);
              record new WordPieceTrainer.Merge(left, right, token, count).""";

    private MergeCheck() {
    }

    public static void check(Loop loop, List<String> texts, WordPieceTrainer.Config config) {
        Check check = new Check(Exercise.MERGES);
        int lessonMerges = compare(check, loop, texts, config, "the lesson's sentences");
        WordPieceTrainer.Config tricky = config.withVocabSize(WordPieceTrainer.start(TRICKY, config).vocab().size() + 40);
        int trickyMerges = compare(check, loop, TRICKY, tricky, "the check's own texts (" + String.join(" / ", TRICKY) + ")");
        WordPieceTrainer.Config once = tricky.withMinFrequency(1);
        int allMerges = compare(check, loop, TRICKY, once, "the check's own texts, minimum frequency 1");
        check.pass(String.format("your loop learns the expected merges, in order and with their counts: %d on the lesson's sentences, "
                + "%d and %d on texts with repeated, overlapping and tied pairs.", lessonMerges, trickyMerges, allMerges));
    }

    private static int compare(Check check, Loop loop, List<String> texts, WordPieceTrainer.Config config, String on) {
        List<Merge> expected = WordPieceTrainer.train(texts, config).merges();
        List<Merge> got = check.attempt("your learnMerges()",
                () -> loop.learnMerges(WordPieceTrainer.start(texts, config), config.vocabSize(), config.minFrequency()));
        if (got == null) {
            throw check.fail("learnMerges() returned null on " + on + ".", null);
        }
        for (int i = 0; i < Math.min(got.size(), expected.size()); i++) {
            if (!got.get(i).equals(expected.get(i))) {
                Map<String, Integer> counts = pairCounts(replay(WordPieceTrainer.start(texts, config), expected.subList(0, i)));
                Merge mine = got.get(i);
                Integer real = counts.get(mine.left() + " " + mine.right());
                throw check.fail(String.format("on %s, merge %d: yours is %s, expected %s. After the %d merges before it, %s + %s occurs "
                                + "%d times in the words.", on, i + 1, show(mine), show(expected.get(i)), i, mine.left(), mine.right(),
                        real == null ? 0 : real), cause(got, texts, config));
            }
        }
        if (got.size() != expected.size()) {
            throw check.fail(String.format("on %s (vocabSize %d, minFrequency %d), you made %d merges, %d are expected; the first %d agree.",
                    on, config.vocabSize(), config.minFrequency(), got.size(), expected.size(), Math.min(got.size(), expected.size())),
                    cause(got, texts, config));
        }
        return expected.size();
    }

    private enum Slip { NONE, ONCE_PER_WORD, IGNORE_WORD_COUNTS, KEEP_HASHES, TIES_TO_LARGER_IDS, TIES_BY_TEXT, RIGHT_TO_LEFT,
        STOP_AT_MIN_FREQUENCY, ALWAYS_NEW_TOKEN }

    private static final Map<Slip, String> CAUSES = new LinkedHashMap<>();

    static {
        CAUSES.put(Slip.ONCE_PER_WORD, "you count a pair once per word: a pair that occurs twice in a word (a-n in banana) counts twice.");
        CAUSES.put(Slip.IGNORE_WORD_COUNTS, "each occurrence of a pair counts as many times as its word occurs (counts[w]).");
        CAUSES.put(Slip.KEEP_HASHES, "the new token drops the right piece's ##: t + ##h makes th, not t##h.");
        CAUSES.put(Slip.TIES_TO_LARGER_IDS, "on a tie, the pair with the SMALLER ids wins (the left ids first, then the right ones).");
        CAUSES.put(Slip.TIES_BY_TEXT, "ties are broken by the pieces' ids (smaller first), not by their text.");
        CAUSES.put(Slip.RIGHT_TO_LEFT, "replace pairs scanning left to right: in a a a, merging a + a gives aa a, not a aa.");
        CAUSES.put(Slip.STOP_AT_MIN_FREQUENCY, "stop only when the best pair occurs FEWER than minFrequency times: a pair seen exactly "
                + "minFrequency times is still merged.");
        CAUSES.put(Slip.ALWAYS_NEW_TOKEN, "when the merged string is already a token (two different pairs can make it), it keeps its id: "
                + "do not add it to the vocabulary again.");
    }

    /** The slip whose merges are the student's, or null. */
    private static String cause(List<Merge> got, List<String> texts, WordPieceTrainer.Config config) {
        for (Map.Entry<Slip, String> slip : CAUSES.entrySet()) {
            List<Merge> theirs = loop(WordPieceTrainer.start(texts, config), config.vocabSize(), config.minFrequency(), slip.getKey());
            if (theirs.equals(got)) {
                return slip.getValue();
            }
        }
        return null;
    }

    /** The merge loop, written plainly, with one slip (or none) built in. */
    private static List<Merge> loop(WordPieceTrainer.Start start, int vocabSize, int minFrequency, Slip slip) {
        List<String> vocab = start.vocab();
        List<int[]> words = start.words();
        List<Merge> merges = new ArrayList<>();
        while (vocab.size() < vocabSize) {
            Map<List<Integer>, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] p = words.get(w);
                List<List<Integer>> seen = new ArrayList<>();
                for (int i = 0; i + 1 < p.length; i++) {
                    List<Integer> pair = List.of(p[i], p[i + 1]);
                    if (slip == Slip.ONCE_PER_WORD && seen.contains(pair)) {
                        continue;
                    }
                    seen.add(pair);
                    pairs.merge(pair, slip == Slip.IGNORE_WORD_COUNTS ? 1 : start.counts()[w], Integer::sum);
                }
            }
            List<Integer> best = null;
            for (Map.Entry<List<Integer>, Integer> e : pairs.entrySet()) {
                if (best == null || better(e.getKey(), e.getValue(), best, pairs.get(best), vocab, slip)) {
                    best = e.getKey();
                }
            }
            int count = best == null ? 0 : pairs.get(best);
            if (best == null || (slip == Slip.STOP_AT_MIN_FREQUENCY ? count <= minFrequency : count < minFrequency)) {
                break;
            }
            String left = vocab.get(best.get(0));
            String right = vocab.get(best.get(1));
            String token = left + (slip == Slip.KEEP_HASHES || !right.startsWith("##") ? right : right.substring(2));
            if (slip == Slip.ALWAYS_NEW_TOKEN || !vocab.contains(token)) {
                vocab.add(token);
            }
            int id = slip == Slip.ALWAYS_NEW_TOKEN ? vocab.size() - 1 : vocab.indexOf(token);
            merges.add(new Merge(left, right, token, count));
            int l = best.get(0);
            int r = best.get(1);
            words.replaceAll(w -> slip == Slip.RIGHT_TO_LEFT ? reversed(replace(reversed(w), r, l, id)) : replace(w, l, r, id));
        }
        return merges;
    }

    private static boolean better(List<Integer> pair, int count, List<Integer> best, int bestCount, List<String> vocab, Slip slip) {
        if (count != bestCount) {
            return count > bestCount;
        }
        return switch (slip) {
            case TIES_TO_LARGER_IDS -> pair.get(0) > best.get(0) || (Objects.equals(pair.get(0), best.get(0)) && pair.get(1) > best.get(1));
            case TIES_BY_TEXT -> (vocab.get(pair.get(0)) + " " + vocab.get(pair.get(1))).compareTo(vocab.get(best.get(0)) + " " + vocab.get(best.get(1))) < 0;
            default -> pair.get(0) < best.get(0) || (Objects.equals(pair.get(0), best.get(0)) && pair.get(1) < best.get(1));
        };
    }

    /** The words after the given merges, replayed on the starting point (with the vocabulary they grow). */
    private static WordPieceTrainer.Start replay(WordPieceTrainer.Start start, List<Merge> merges) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocab = start.vocab();
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id), id);
        }
        for (Merge m : merges) {
            int left = ids.get(m.left());
            int right = ids.get(m.right());
            int id = ids.computeIfAbsent(m.token(), t -> {
                vocab.add(t);
                return vocab.size() - 1;
            });
            start.words().replaceAll(w -> replace(w, left, right, id));
        }
        return start;
    }

    /** How often each adjacent pair ("left right") occurs, each occurrence times its word's count. */
    private static Map<String, Integer> pairCounts(WordPieceTrainer.Start at) {
        Map<String, Integer> counts = new HashMap<>();
        for (int w = 0; w < at.words().size(); w++) {
            int[] pieces = at.words().get(w);
            for (int i = 0; i + 1 < pieces.length; i++) {
                counts.merge(at.vocab().get(pieces[i]) + " " + at.vocab().get(pieces[i + 1]), at.counts()[w], Integer::sum);
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
        return Arrays.copyOf(out, n);
    }

    private static int[] reversed(int[] word) {
        int[] out = new int[word.length];
        for (int i = 0; i < word.length; i++) {
            out[i] = word[word.length - 1 - i];
        }
        return out;
    }

    private static String show(Merge m) {
        return m.left() + " + " + m.right() + " -> " + m.token() + " (" + m.count() + " times)";
    }
}
