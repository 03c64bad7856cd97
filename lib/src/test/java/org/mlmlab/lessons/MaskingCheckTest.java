package org.mlmlab.lessons;

import org.junit.jupiter.api.Test;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.mlmlab.lessons.Hints.assertHint;

/** Lesson 3's check passes the seed's rule written out and fails the usual mistakes, each with its hint. */
class MaskingCheckTest {
    static final List<String> TOKENS = List.of("[UNK]", "[PAD]", "[MASK]", "the", "cat", "sat", "on", "mat", "a", "dog", "##s");
    static final Vocabulary VOCAB = Vocabulary.of(TOKENS, Set.of("[UNK]", "[PAD]", "[MASK]"));
    static final List<int[]> SENTENCES = sentences();

    static List<int[]> sentences() {
        SplittableRandom r = new SplittableRandom(5);
        List<int[]> out = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            int[] ids = new int[1 + r.nextInt(40)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 3 + r.nextInt(TOKENS.size() - 3);
            }
            out.add(ids);
        }
        return out;
    }

    /** The rule as a student writes it, with switches for the mistakes the check must catch. */
    static int[][] rule(int[] ids, SplittableRandom random, boolean maskPadding, boolean ceil, boolean labelsZero, boolean forwardShuffle) {
        List<Integer> real = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (maskPadding || !VOCAB.special()[ids[i]]) {
                real.add(i);
            }
        }
        int target = Math.max(1, ceil ? (int) Math.ceil(0.15 * real.size()) : (int) Math.round(0.15 * real.size()));
        if (forwardShuffle) {
            for (int i = 0; i < real.size() - 1; i++) {
                java.util.Collections.swap(real, i, i + random.nextInt(real.size() - i));
            }
        } else {
            for (int i = real.size() - 1; i > 0; i--) {
                java.util.Collections.swap(real, i, random.nextInt(i + 1));
            }
        }
        int[] input = ids.clone();
        int[] labels = new int[ids.length];
        Arrays.fill(labels, labelsZero ? 0 : MaskedSequence.IGNORE);
        for (int p : real.subList(0, target)) {
            input[p] = VOCAB.maskId();
            labels[p] = ids[p];
        }
        return new int[][] {input, labels};
    }

    static String failure(MaskingCheck.Rule rule) {
        return assertThrows(CheckFailed.class, () -> MaskingCheck.check(rule, SENTENCES, VOCAB)).getMessage();
    }

    @Test
    void theSeedRuleWrittenOutPasses() {
        MaskingCheck.check((ids, random) -> rule(ids, random, false, false, false, false), SENTENCES, VOCAB);
    }

    @Test
    void aStubIsNotWrittenYet() {
        String message = failure((ids, random) -> {
            throw new YourTurn();
        });
        assertTrue(message.startsWith("FAIL: your maskSeed() is not written yet."), message);
    }

    @Test
    void eachMistakeGetsItsHint() {
        assertHint(failure((ids, r) -> rule(ids, r, true, false, false, false)), "padding is not text");
        assertHint(failure((ids, r) -> rule(ids, r, false, false, true, false)), "fill them with -100 first");
        MaskingCheck.check((ids, r) -> rule(ids, r, false, false, false, true), SENTENCES, VOCAB);   // a shuffle from the front is as right
        assertHint(failure((ids, r) -> new int[][] {ids}), "must return {input, labels}");
        assertHint(failure((ids, r) -> {
            throw new ArrayIndexOutOfBoundsException("Index 128 out of bounds for length 128");
        }), "threw ArrayIndexOutOfBoundsException: Index 128");
    }
}
