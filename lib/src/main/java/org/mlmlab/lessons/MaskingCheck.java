package org.mlmlab.lessons;

import org.mlmlab.Exercise;
import org.mlmlab.Preset;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.Masker;
import org.mlmlab.masking.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Lesson 3's check. Masking involves chance, so the student's rule is judged by the properties that
 * make it the seed's rule, never draw for draw: on padded sequences (real sentences, and made-up ones
 * with special tokens among the words), only real tokens are hidden; hidden inputs are [MASK] with the
 * original id as label, and everything else is untouched with label -100; the same random stream gives
 * the same masks and other streams other masks; about 15% of real tokens are hidden; and every real
 * position is equally likely to be. A fixed count per sentence and a coin per token both pass.
 */
public final class MaskingCheck {
    /** The student's rule: padded ids in, {@code {input, labels}} out. */
    @FunctionalInterface
    public interface Rule {
        int[][] mask(int[] paddedIds, SplittableRandom random);
    }

    static final double RATE = 0.15;
    /**
     * How far the measured rate may sit from 15%: one percentage point. Over the ~48,000 real tokens of the
     * rate test, a coin per token has a standard deviation of 0.16 points (a false alarm below 1e-9), and
     * rounding a fixed count per sentence moves the rate by less than 0.2 points at these lengths.
     */
    static final double RATE_TOLERANCE = 0.01;
    /** Random streams for the test that every real position is equally likely to be hidden. */
    static final int UNIFORMITY_STREAMS = 2000;
    static final String RECIPE = """
              The candidates: the positions whose id is not special (vocab.special()[id] is false), in a list.
              How many: Math.max(1, (int) Math.round(0.15 * candidates.size())).
              Which: shuffle the list with random (for i from the end down to 1: swap i with random.nextInt(i + 1)), take the first ones.
              input = ids.clone() with vocab.maskId() at those positions; labels = -100 everywhere (Arrays.fill),
              and ids[p] at each chosen position p. return new int[][] {input, labels}.""";

    private MaskingCheck() {
    }

    /** {@code sentences}: real token ids (unpadded); the check pads them to 128 and adds made-up ones. */
    public static void check(Rule rule, List<int[]> sentences, Vocabulary vocab) {
        Check check = new Check(Exercise.MASKING);
        int length = Preset.MAX_LENGTH;
        List<int[]> padded = new ArrayList<>();
        sentences.forEach(ids -> padded.add(pad(ids, length, vocab.padId())));
        padded.addAll(withSpecialTokens(vocab, length));
        for (int s = 0; s < padded.size(); s++) {
            int[] ids = padded.get(s);
            int[][] got = run(check, rule, ids, Masker.randomFor(Preset.RANDOM_SEED, 0, s));
            consistent(check, "sequence " + s, ids, got, vocab);
        }
        sameStreamSameMasks(check, rule, padded, vocab);
        double rate = rate(check, rule, vocab, length);
        uniformity(check, rule, vocab, length);
        check.pass(String.format("your rule hides only real tokens, as [MASK] with the original id as label (%d sequences); "
                + "repeats for a random stream and differs between streams; hides %.2f%% of real tokens (15%% +- %.0f); and hides "
                + "every real position equally often (%,d streams).", padded.size(), 100 * rate, 100 * RATE_TOLERANCE, UNIFORMITY_STREAMS));
    }

    private static int[][] run(Check check, Rule rule, int[] ids, SplittableRandom random) {
        int[] given = ids.clone();
        int[][] got = check.attempt("your maskSeed()", () -> rule.mask(given, random));
        if (got == null || got.length != 2 || got[0] == null || got[1] == null || got[0].length != ids.length || got[1].length != ids.length) {
            throw check.fail("maskSeed() must return {input, labels}: two arrays of " + ids.length + " ids, as long as the padded ids.", null);
        }
        if (!Arrays.equals(given, ids)) {
            int t = Arrays.mismatch(given, ids);
            throw check.fail("your rule changed the ids it was given (position " + t + " was " + ids[t] + ", is now " + given[t] + ").",
                    "the caller still needs the original ids (the next epoch masks them again): write into a copy.");
        }
        return got;
    }

    /** Hidden positions are real tokens, show [MASK] and keep the original id as label; every other position is untouched. */
    private static void consistent(Check check, String where, int[] ids, int[][] got, Vocabulary vocab) {
        int[] input = got[0];
        int[] labels = got[1];
        int mask = vocab.maskId();
        boolean hidesPadding = IntStream.range(0, ids.length).anyMatch(t -> ids[t] == vocab.padId() && input[t] == mask);
        for (int t = 0; t < ids.length; t++) {
            String at = where + ", position " + t + " (" + name(ids[t], vocab) + "): ";
            if (vocab.special()[ids[t]] && (input[t] != ids[t] || labels[t] != MaskedSequence.IGNORE)) {
                throw check.fail(at + "a special token, but your input there is " + name(input[t], vocab) + " and your label " + labels[t]
                                + ". Only real tokens may be hidden; special ones stay as they are, with label -100.",
                        ids[t] == vocab.padId() ? "padding is not text: choose among the real tokens only."
                                : hidesPadding ? null : "[PAD] is not the only special token: leave out every id that vocab.special() marks.");
            }
            if (labels[t] != MaskedSequence.IGNORE && labels[t] != ids[t]) {
                throw check.fail(at + "your label is " + labels[t] + "; a label is -100 or the id that was there, " + ids[t] + ".",
                        labels[t] == mask ? "the label keeps the original id, not [MASK]'s: it is the answer the model must find."
                                : labels[t] == 0 ? "labels start at 0 in a new array: fill them with -100 first." : null);
            }
            if (labels[t] == ids[t] && input[t] != mask) {
                throw check.fail(at + "your label is the original id, so this token counts as hidden, but your input there is "
                                + name(input[t], vocab) + ", not [MASK].",
                        IntStream.range(0, ids.length).allMatch(i -> labels[i] == ids[i]) ? "labels are -100 wherever nothing is hidden: "
                                + "the loss must count the hidden tokens only." : null);
            }
            if (labels[t] == MaskedSequence.IGNORE && input[t] != ids[t]) {
                throw check.fail(at + "your input is " + name(input[t], vocab) + " but your label is -100: a position either is hidden "
                        + "([MASK] in the input, the original id as label) or is left as it was.", null);
            }
        }
    }

    /** The same stream twice gives the same masks; different streams give different ones. */
    private static void sameStreamSameMasks(Check check, Rule rule, List<int[]> padded, Vocabulary vocab) {
        int differing = 0;
        int compared = 0;
        for (int s = 0; s < Math.min(20, padded.size()); s++) {
            int[] ids = padded.get(s);
            int[][] first = run(check, rule, ids, new SplittableRandom(1000 + s));
            int[][] again = run(check, rule, ids, new SplittableRandom(1000 + s));
            if (!Arrays.equals(first[0], again[0])) {
                throw check.fail("sequence " + s + ": the same random stream gave two different masks.",
                        "draw only from the random you are given, so that the lab's seed fixes every mask.");
            }
            if (realTokens(ids, vocab) >= 7) {
                compared++;
                differing += Arrays.equals(first[0], run(check, rule, ids, new SplittableRandom(5000 + s))[0]) ? 0 : 1;
            }
        }
        if (compared > 0 && differing == 0) {
            throw check.fail("different random streams gave the same masks on all " + compared + " sequences tried.",
                    "draw from the random you are given: it is what makes each epoch's masks new.");
        }
    }

    /** The share of real tokens hidden over made-up sequences of 20 to 127 real tokens (6 of each length). */
    private static double rate(Check check, Rule rule, Vocabulary vocab, int length) {
        SplittableRandom words = new SplittableRandom(3);
        long real = 0;
        long hidden = 0;
        int[] perSequence = new int[6 * 108];
        int s = 0;
        for (int n = 20; n < length; n++) {
            for (int copy = 0; copy < 6; copy++, s++) {
                int[] ids = pad(randomWords(vocab, n, words), length, vocab.padId());
                int[][] got = run(check, rule, ids, new SplittableRandom(77_000 + s));
                consistent(check, "a sequence of " + n + " real tokens", ids, got, vocab);
                perSequence[s] = (int) Arrays.stream(got[1]).filter(l -> l != MaskedSequence.IGNORE).count();
                real += n;
                hidden += perSequence[s];
            }
        }
        double rate = (double) hidden / real;
        if (Math.abs(rate - RATE) > RATE_TOLERANCE) {
            int first = perSequence[0];
            String cause = Arrays.stream(perSequence).allMatch(c -> c == first) ? "you hide " + first + " tokens in every sequence, "
                    + "whatever its length" + (first == Math.round(RATE * length) ? ": 15% of all " + length + " positions, padding included; "
                    + "take 15% of the real tokens." : ".") : null;
            throw check.fail(String.format("over %,d sequences of 20 to 127 real tokens you hid %.2f%% of the real tokens; the seed's rule "
                    + "hides 15%% (allowed: %.0f%% to %.0f%%).", s, 100 * rate, 100 * (RATE - RATE_TOLERANCE), 100 * (RATE + RATE_TOLERANCE)), cause);
        }
        return rate;
    }

    /**
     * Every real position equally likely: one sequence of 40 real tokens (with an [UNK] among them, never
     * to be hidden), masked with {@value #UNIFORMITY_STREAMS} streams; each real position's count against
     * the mean by Pearson's chi-square (38 degrees of freedom). The limit is its 1 - 1e-6 quantile: a correct
     * rule fails by chance once in a million (a fixed count per sequence varies less than that, so more
     * rarely still); a rule that favours some positions, or never reaches the last one, exceeds it by far.
     */
    private static void uniformity(Check check, Rule rule, Vocabulary vocab, int length) {
        int[] ids = pad(randomWords(vocab, 40, new SplittableRandom(8)), length, vocab.padId());
        int unknown = otherSpecial(vocab);
        if (unknown >= 0) {
            ids[10] = unknown;
        }
        double[] counts = new double[length];
        for (int r = 0; r < UNIFORMITY_STREAMS; r++) {
            int[][] got = run(check, rule, ids, new SplittableRandom(900_000 + r));
            for (int t = 0; t < length; t++) {
                counts[t] += got[1][t] != MaskedSequence.IGNORE ? 1 : 0;
            }
        }
        int[] real = IntStream.range(0, length).filter(t -> !vocab.special()[ids[t]]).toArray();
        double[] realCounts = Arrays.stream(real).mapToDouble(t -> counts[t]).toArray();
        double mean = Arrays.stream(realCounts).sum() / real.length;
        double statistic = Statistics.chiSquare(realCounts, mean);
        double limit = Statistics.chiSquareLimit(real.length - 1);
        if (statistic > limit) {
            int most = Arrays.stream(real).reduce((a, b) -> counts[a] >= counts[b] ? a : b).orElseThrow();
            int least = Arrays.stream(real).reduce((a, b) -> counts[a] <= counts[b] ? a : b).orElseThrow();
            throw check.fail(String.format("one sequence of %d real tokens, masked with %,d random streams: position %d was hidden %.0f times, "
                            + "position %d %.0f times, where every real position should be hidden about %.0f times (chi-square %.0f, limit %.0f).",
                    real.length, UNIFORMITY_STREAMS, most, counts[most], least, counts[least], mean, statistic, limit),
                    counts[real[real.length - 1]] == 0 ? "the last real position is never chosen: an index drawn one short "
                            + "(random.nextInt(i) where i + 1 values are possible)?"
                            : counts[most] == UNIFORMITY_STREAMS ? "some positions are hidden every time: the choice must be random." : null);
        }
    }

    /** Made-up sequences with special tokens among the words: [UNK] (or another special token) at the start, middle and end. */
    private static List<int[]> withSpecialTokens(Vocabulary vocab, int length) {
        int special = otherSpecial(vocab);
        List<int[]> out = new ArrayList<>();
        SplittableRandom words = new SplittableRandom(4);
        for (int n : new int[] {12, 30, 60}) {
            int[] ids = randomWords(vocab, n, words);
            if (special >= 0) {
                ids[0] = special;
                ids[n / 2] = special;
                ids[n - 1] = special;
            }
            out.add(pad(ids, length, vocab.padId()));
        }
        return out;
    }

    /** A special token that is neither [PAD] nor [MASK] ([UNK] in the seed's vocabulary), or -1. */
    private static int otherSpecial(Vocabulary vocab) {
        return IntStream.range(0, vocab.size()).filter(id -> vocab.special()[id] && id != vocab.padId() && id != vocab.maskId())
                .findFirst().orElse(-1);
    }

    private static int[] randomWords(Vocabulary vocab, int n, SplittableRandom random) {
        int[] ordinary = vocab.ordinaryIds();
        return IntStream.range(0, n).map(i -> ordinary[random.nextInt(ordinary.length)]).toArray();
    }

    private static int realTokens(int[] ids, Vocabulary vocab) {
        return (int) Arrays.stream(ids).filter(id -> !vocab.special()[id]).count();
    }

    private static String name(int id, Vocabulary vocab) {
        return id == vocab.padId() ? "[PAD]" : id == vocab.maskId() ? "[MASK]" : vocab.special()[id] ? "special token " + id : "id " + id;
    }

    private static int[] pad(int[] ids, int length, int fill) {
        int[] out = Arrays.copyOf(ids, length);
        Arrays.fill(out, ids.length, length, fill);
        return out;
    }
}
