package org.mlmlab.lessons;

import org.mlmlab.Preset;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Masker;
import org.mlmlab.masking.MaskingConfig;
import org.mlmlab.masking.Vocabulary;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lesson 3's check: the student's seed rule against the library's {@link Masker}, sentence by
 * sentence, each padded to 128 tokens as the seed's samples are and given the same random stream.
 */
public final class MaskingCheck {
    /** The student's rule: padded ids in, {@code {input, labels}} out. */
    @FunctionalInterface
    public interface Rule {
        int[][] mask(int[] paddedIds, SplittableRandom random);
    }

    private MaskingCheck() {
    }

    public static void check(Rule rule, List<int[]> sequences, Vocabulary vocab) {
        Masker masker = new Masker(MaskingConfig.seed(), vocab);
        int length = Preset.MAX_LENGTH;
        for (int s = 0; s < sequences.size(); s++) {
            int[] ids = sequences.get(s);
            int[] padded = pad(ids, length, vocab.padId());
            MaskedSequence expected = masker.mask(ids, Masker.randomFor(Preset.RANDOM_SEED, 0, s));
            int[] wantInput = pad(expected.input(), length, vocab.padId());
            int[] wantLabels = pad(expected.labels(), length, MaskedSequence.IGNORE);
            SplittableRandom random = Masker.randomFor(Preset.RANDOM_SEED, 0, s);
            int[][] got = Check.attempt("your maskSeed()", () -> rule.mask(padded.clone(), random));
            compare(s, padded, got, wantInput, wantLabels, vocab);
        }
        Check.pass(String.format("your maskSeed() gives the library's inputs and labels on all %d sentences "
                + "(%d positions each, the same random streams).", sequences.size(), length));
    }

    private static void compare(int s, int[] ids, int[][] got, int[] wantInput, int[] wantLabels, Vocabulary vocab) {
        if (got == null || got.length != 2 || got[0] == null || got[1] == null
                || got[0].length != ids.length || got[1].length != ids.length) {
            throw Check.fail("sentence " + s + ": maskSeed() must return {input, labels}, two arrays of " + ids.length + " ids.",
                    "return new int[][] {input, labels}, both as long as the padded ids.");
        }
        int[] input = got[0];
        int[] labels = got[1];
        int real = (int) Arrays.stream(ids).filter(id -> !vocab.special()[id]).count();
        int mask = vocab.maskId();
        long hidden = Arrays.stream(input).filter(id -> id == mask).count();
        long wanted = Arrays.stream(wantInput).filter(id -> id == mask).count();
        for (int t = 0; t < ids.length; t++) {
            if (input[t] == mask && ids[t] != mask && vocab.special()[ids[t]]) {
                throw Check.fail(where(s, t) + "you hid a " + (ids[t] == vocab.padId() ? "[PAD]" : "special") + " token.",
                        "did you mask padding? Only real tokens may be chosen: positions whose id is not special "
                        + "(vocab.special()[id] is false).");
            }
        }
        for (int t = 0; t < ids.length; t++) {
            if (input[t] != mask && labels[t] != MaskedSequence.IGNORE) {
                throw Check.fail(where(s, t) + "nothing is hidden here, but your label is " + labels[t] + ".",
                        "labels are -100 wherever nothing is hidden.");
            }
            if (input[t] == mask && labels[t] != ids[t]) {
                throw Check.fail(where(s, t) + "your label is " + labels[t] + ", the original id is " + ids[t] + ".",
                        "a hidden position's label is the id that was there before masking.");
            }
            if (input[t] != mask && input[t] != ids[t]) {
                throw Check.fail(where(s, t) + "your input is " + input[t] + ", the original id " + ids[t] + ".",
                        "a selected position's input becomes [MASK] (id " + mask + "); leave every other position as it was.");
            }
        }
        if (hidden != wanted) {
            throw Check.fail("sentence " + s + " has " + real + " real tokens: you hid " + hidden + ", the library " + wanted + ".",
                    "select round(15% x real tokens), and at least one: Math.max(1, (int) Math.round(0.15 * real)).");
        }
        for (int t = 0; t < ids.length; t++) {
            if (input[t] != wantInput[t] || labels[t] != wantLabels[t]) {
                throw Check.fail(where(s, t) + "you " + (input[t] == mask ? "hid" : "did not hide") + " this token, the library "
                        + (wantInput[t] == mask ? "did" : "did not") + ".", "draw from random exactly as the library does: put the "
                        + "positions of the real tokens in a list, shuffle it with Fisher-Yates from the end (for i = n-1 down to 1: "
                        + "j = random.nextInt(i + 1), swap i and j), and take the first ones.");
            }
        }
    }

    private static String where(int sentence, int position) {
        return "sentence " + sentence + ", position " + position + ": ";
    }

    private static int[] pad(int[] ids, int length, int fill) {
        int[] out = Arrays.copyOf(ids, length);
        Arrays.fill(out, ids.length, length, fill);
        return out;
    }
}
