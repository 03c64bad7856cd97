package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.tokenizer.WordPieceTrainer;
import org.mlmlab.tokenizer.WordPieceTrainer.Merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 2's check: the merge loop written out (minbpe style) equals the library's trainer; slips are named. */
class MergeCheckTest {
    static final List<String> TEXTS = ToyCorpus.load().texts().subList(0, 12);
    static final WordPieceTrainer.Config CONFIG = WordPieceTrainer.Config.defaults().withVocabSize(70);

    /** The loop as a student writes it: recount all pairs, take the best, merge it everywhere, repeat. */
    static List<Merge> learn(WordPieceTrainer.Start start, int vocabSize, int minFrequency, boolean weighted, boolean keepHashes,
                             boolean largestOnTie) {
        List<String> vocab = start.vocab();
        List<int[]> words = start.words();
        List<Merge> merges = new ArrayList<>();
        while (vocab.size() < vocabSize) {
            Map<List<Integer>, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] p = words.get(w);
                for (int i = 0; i + 1 < p.length; i++) {
                    pairs.merge(List.of(p[i], p[i + 1]), weighted ? start.counts()[w] : 1, Integer::sum);
                }
            }
            List<Integer> best = null;
            for (Map.Entry<List<Integer>, Integer> e : pairs.entrySet()) {
                if (best == null || e.getValue() > pairs.get(best) || (e.getValue().equals(pairs.get(best))
                        && (compare(e.getKey(), best) < 0) != largestOnTie)) {
                    best = e.getKey();
                }
            }
            if (best == null || pairs.get(best) < minFrequency) {
                break;
            }
            String left = vocab.get(best.get(0));
            String right = vocab.get(best.get(1));
            String token = left + (keepHashes ? right : right.replaceFirst("^##", ""));
            int id = vocab.indexOf(token);
            if (id < 0) {
                vocab.add(token);
                id = vocab.size() - 1;
            }
            merges.add(new Merge(left, right, token, pairs.get(best)));
            for (int w = 0; w < words.size(); w++) {
                words.set(w, replace(words.get(w), best.get(0), best.get(1), id));
            }
        }
        return merges;
    }

    static int compare(List<Integer> a, List<Integer> b) {
        return a.get(0).equals(b.get(0)) ? Integer.compare(a.get(1), b.get(1)) : Integer.compare(a.get(0), b.get(0));
    }

    static int[] replace(int[] word, int left, int right, int id) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = id;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    static String failure(MergeCheck.Loop loop) {
        return assertThrows(CheckFailed.class, () -> MergeCheck.check(loop, TEXTS, CONFIG)).getMessage();
    }

    @Test
    void theLoopWrittenOutLearnsTheLibrarysMerges() {
        MergeCheck.check((s, size, min) -> learn(s, size, min, true, false, false), TEXTS, CONFIG);
    }

    @Test
    void eachSlipGetsItsHint() {
        assertHint(failure((s, size, min) -> learn(s, size, min, false, false, false)), "as many times as its word occurs");
        assertHint(failure((s, size, min) -> learn(s, size, min, true, true, false)), "drops the right piece's ##");
        assertHint(failure((s, size, min) -> learn(s, size, min, true, false, true)), "SMALLER ids");
        assertHint(failure((s, size, min) -> learn(s, size - 5, min, true, false, false)), "are expected");
        assertHint(failure((s, size, min) -> learn(s, size + 5, min, true, false, false)), "are expected");
        assertTrue(failure((s, size, min) -> {
            throw new UnsupportedOperationException("your turn: write this part, then run the check below");
        }).startsWith("FAIL: your learnMerges() is not written yet."));
    }
}
