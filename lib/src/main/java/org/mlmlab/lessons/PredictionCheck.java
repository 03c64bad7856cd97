package org.mlmlab.lessons;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.mlmlab.Exercise;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.prediction.Candidate;
import org.mlmlab.prediction.MaskPredictor;
import org.mlmlab.tokenizer.LabTokenizer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Lesson 6's check. For a text with one [MASK], the answer is a probability distribution over the
 * vocabulary, fixed by the trained model: the softmax of the scores at the [MASK]'s position over the
 * real tokens, every special token at exactly 0. The student's whole distribution is compared with it
 * (so a special token left in shows however little probability it takes), then the top k for several k.
 */
public final class PredictionCheck {
    static final double TOLERANCE = 1e-5;
    static final double SUM_TOLERANCE = 1e-5;
    static final String RECIPE = """
              maskProbabilities: ids = tokenizer.encode(text).ids(); position = the index of vocab.maskId() in ids;
              out = model.encode(store, ids as (1, T), segments of 1s as (1, T), false, false).head(), (1, T, D);
              scores = model.logits(store, out.get(":, " + position + ", :"), false), V of them;
              add -1e9 where vocab.special()[id]; return scores.softmax(-1).
              predictByHand: probabilities.topK(k, -1) gives the k best probabilities and their ids, best first;
              new Candidate(tokenizer.token(id), probability) for each.""";

    private PredictionCheck() {
    }

    /**
     * {@code probabilities}: the student's distribution for a text's [MASK]; {@code topK}: their k best;
     * {@code texts}: texts with one [MASK] each.
     */
    public static void check(Function<String, NDArray> probabilities, BiFunction<String, Integer, List<Candidate>> topK,
                             MaskPredictor predictor, LabTokenizer tokenizer, List<String> texts) {
        Check check = new Check(Exercise.PREDICTION);
        Vocabulary vocab = Vocabulary.of(tokenizer);
        for (String text : texts) {
            float[] scores = predictor.scores(text);
            double[] expected = softmax(scores, id -> vocab.special()[id]);
            NDArray result = check.attempt("your maskProbabilities()", () -> probabilities.apply(text));
            float[] got = result == null ? null : result.toType(DataType.FLOAT32, false).toFloatArray();
            distribution(check, "\"" + text + "\": ", got, expected, scores, vocab, tokenizer);
            for (int k : new int[] {1, 5, 20}) {
                List<Candidate> best = check.attempt("your predictByHand()", () -> topK.apply(text, k));
                ranking(check, "\"" + text + "\", k = " + k + ": ", best, expected, k, tokenizer);
            }
        }
        check.pass(String.format("your distributions equal the model's (within %.0e, special tokens at 0) and your top 1, 5 and 20 "
                + "are its best tokens, best first, for all %d sentences.", TOLERANCE, texts.size()));
    }

    private static void distribution(Check check, String where, float[] got, double[] expected, float[] scores, Vocabulary vocab,
                                     LabTokenizer tokenizer) {
        if (got == null || got.length != expected.length) {
            throw check.fail(where + "your maskProbabilities() gives " + (got == null ? "nothing" : got.length + " values")
                    + ": it should give one probability per token of the vocabulary, " + expected.length + ".", null);
        }
        double sum = 0;
        for (float p : got) {
            sum += p;
        }
        // A float32 softmax sums to 1 within about 1e-6: a sum short by more is probability lost to the special tokens.
        if (IntStream.range(0, got.length).anyMatch(i -> !(got[i] >= 0 && got[i] <= 1)) || Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw check.fail(String.format("%syour values add up to %.6f%s: probabilities lie between 0 and 1 and add up to 1.", where, sum,
                    IntStream.range(0, got.length).anyMatch(i -> got[i] < 0) ? " and some are negative" : ""), cause(got, scores, vocab));
        }
        for (int id = 0; id < got.length; id++) {
            if (vocab.special()[id] && got[id] != 0) {
                throw check.fail(String.format("%s%s has probability %.3g in yours: a special token is never an answer, so its "
                        + "probability is 0 and the real tokens share all of it.", where, tokenizer.token(id), got[id]), cause(got, scores, vocab));
            }
        }
        int worst = IntStream.range(0, got.length).reduce((a, b) -> Math.abs(got[a] - expected[a]) >= Math.abs(got[b] - expected[b]) ? a : b)
                .orElseThrow();
        if (Math.abs(got[worst] - expected[worst]) > TOLERANCE) {
            int yourBest = argMax(got);
            int bestExpected = argMax(expected);
            throw check.fail(String.format("%syour probability of '%s' is %.6f, the model gives it %.6f (allowed: %.0e). Your most probable "
                            + "token is '%s' (%.4f); the model's at the [MASK] is '%s' (%.4f).", where, tokenizer.token(worst), got[worst],
                    expected[worst], TOLERANCE, tokenizer.token(yourBest), got[yourBest], tokenizer.token(bestExpected), expected[bestExpected]),
                    cause(got, scores, vocab));
        }
    }

    private static void ranking(Check check, String where, List<Candidate> got, double[] expected, int k, LabTokenizer tokenizer) {
        if (got == null || got.size() != k) {
            throw check.fail(where + "you returned " + (got == null ? "null" : got.size() + " candidates") + ", not " + k + ".", null);
        }
        List<Integer> order = IntStream.range(0, expected.length).boxed()
                .sorted(Comparator.comparingDouble((Integer id) -> -expected[id])).limit(k).toList();
        List<String> theirs = order.stream().map(tokenizer::token).toList();
        List<String> mine = got.stream().map(Candidate::token).toList();
        if (!mine.equals(theirs)) {
            boolean sameSet = mine.containsAll(theirs) && theirs.containsAll(mine);
            throw check.fail(where + "your tokens are " + mine + ", the " + k + " most probable are " + theirs + ".",
                    sameSet ? "the right tokens in another order: the most probable comes first." : null);
        }
        for (int r = 0; r < k; r++) {
            if (Math.abs(got.get(r).probability() - expected[order.get(r)]) > TOLERANCE) {
                throw check.fail(String.format("%s'%s': your probability is %.6f, the model gives it %.6f.", where, mine.get(r),
                        got.get(r).probability(), expected[order.get(r)]), null);
            }
        }
    }

    /** The slip whose distribution is the student's, or null. */
    private static String cause(float[] got, float[] scores, Vocabulary vocab) {
        Map<String, double[]> slips = new LinkedHashMap<>();
        double[] raw = new double[scores.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = scores[i];
        }
        slips.put("these are the scores themselves: the softmax turns them into probabilities.", raw);
        slips.put("your softmax includes the special tokens: leave them out before the softmax, so the real tokens share all "
                + "the probability.", softmax(scores, id -> false));
        slips.put("your softmax leaves out [PAD] and [MASK] but not the other special tokens ([UNK]...): vocab.special() marks them all.",
                softmax(scores, id -> id == vocab.padId() || id == vocab.maskId()));
        double[] zeroed = softmax(scores, id -> false);
        for (int id = 0; id < zeroed.length; id++) {
            zeroed[id] = vocab.special()[id] ? 0 : zeroed[id];
        }
        slips.put("you set the special tokens to 0 after the softmax, so the rest add up to less than 1: leave them out before it.", zeroed);
        for (Map.Entry<String, double[]> slip : slips.entrySet()) {
            double[] s = slip.getValue();
            boolean rawScores = s == raw;   // scores with or without -1e9 at the special tokens: compare the real tokens
            if (IntStream.range(0, got.length).filter(i -> !rawScores || !vocab.special()[i])
                    .allMatch(i -> Math.abs(got[i] - s[i]) <= Math.max(TOLERANCE, 1e-4 * Math.abs(s[i])))) {
                return slip.getKey();
            }
        }
        return null;
    }

    /** Softmax of the scores in double precision, with the {@code left out} ids at probability 0. */
    private static double[] softmax(float[] scores, java.util.function.IntPredicate leftOut) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < scores.length; i++) {
            max = leftOut.test(i) ? max : Math.max(max, scores[i]);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = leftOut.test(i) ? 0 : Math.exp(scores[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int argMax(float[] x) {
        return IntStream.range(0, x.length).reduce((a, b) -> x[a] >= x[b] ? a : b).orElseThrow();
    }

    private static int argMax(double[] x) {
        return IntStream.range(0, x.length).reduce((a, b) -> x[a] >= x[b] ? a : b).orElseThrow();
    }
}
