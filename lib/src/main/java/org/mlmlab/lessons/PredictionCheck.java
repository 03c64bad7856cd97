package org.mlmlab.lessons;

import org.mlmlab.masking.Vocabulary;
import org.mlmlab.prediction.Candidate;
import org.mlmlab.prediction.MaskPredictor;
import org.mlmlab.prediction.MaskedWord;
import org.mlmlab.tokenizer.LabTokenizer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Lesson 6's check: the student's prediction by hand (the [MASK]'s logits, softmax, top-k) against
 * {@link MaskPredictor}, token for token and probability for probability.
 */
public final class PredictionCheck {
    /** The student's prediction: a text with one [MASK] and k in; the k most probable tokens out, best first. */
    @FunctionalInterface
    public interface ByHand {
        List<Candidate> predictMask(String text, int k);
    }

    static final double TOLERANCE = 1e-5;

    private PredictionCheck() {
    }

    public static void check(ByHand byHand, MaskPredictor predictor, LabTokenizer tokenizer, List<String> texts) {
        Vocabulary vocab = Vocabulary.of(tokenizer);
        Set<String> specialTokens = IntStream.range(0, vocab.size()).filter(id -> vocab.special()[id]).mapToObj(tokenizer::token)
                .collect(Collectors.toSet());
        int k = MaskPredictor.TOP_K;
        for (String text : texts) {
            List<MaskedWord> words = predictor.predictMasks(List.of(text)).get(0).words();
            if (words.size() != 1) {
                throw new IllegalArgumentException("the check needs texts with exactly one [MASK]: \"" + text + "\"");
            }
            List<Candidate> expected = words.get(0).candidates().get(0);
            List<Candidate> got = Check.attempt("your predictMask()", () -> byHand.predictMask(text, k));
            compare(text, got, expected, specialTokens, k);
        }
        Check.pass(String.format("your top-%d tokens and probabilities equal MaskPredictor's (within %.0e) for all %d sentences.",
                k, TOLERANCE, texts.size()));
    }

    private static void compare(String text, List<Candidate> got, List<Candidate> expected, Set<String> specialTokens, int k) {
        String where = "\"" + text + "\": ";
        if (got == null || got.size() != k) {
            throw Check.fail(where + "you returned " + (got == null ? "null" : got.size() + " candidates") + ", not " + k + ".",
                    "return the k most probable tokens: probabilities.topK(k, -1) gives their probabilities and ids.");
        }
        double sum = got.stream().mapToDouble(Candidate::probability).sum();
        if (got.stream().anyMatch(c -> !(c.probability() >= 0 && c.probability() <= 1)) || sum > 1 + 1e-4) {
            throw Check.fail(where + "your scores are not probabilities (they add up to " + String.format("%.3f", sum) + ").",
                    "turn the [MASK]'s logits into probabilities with softmax(-1): each between 0 and 1, all V of them adding up to 1.");
        }
        for (Candidate c : got) {
            if (specialTokens.contains(c.token())) {
                throw Check.fail(where + "your candidates include " + c.token() + ".", "special tokens ([PAD], [MASK], [UNK]...) are "
                        + "never an answer: add -1e9 to their logits before the softmax.");
            }
        }
        List<String> mine = got.stream().map(Candidate::token).toList();
        List<String> theirs = expected.stream().map(Candidate::token).toList();
        if (!mine.equals(theirs)) {
            throw Check.fail(where + "your tokens are " + mine + ", the library's " + theirs + ".", new HashSet<>(mine).equals(new HashSet<>(theirs))
                    ? "most probable first: topK returns them in that order."
                    : "take the logits at the [MASK]'s position: the encoder's output at that position (out.get(\":, \" + position + \", :\")), "
                    + "then the head.");
        }
        for (int r = 0; r < k; r++) {
            double difference = Math.abs(got.get(r).probability() - expected.get(r).probability());
            if (difference > TOLERANCE) {
                throw Check.fail(String.format("%s%s: your probability is %.6f, the library's %.6f.", where, mine.get(r),
                        got.get(r).probability(), expected.get(r).probability()), "the same tokens with other probabilities: are they "
                        + "the scores at the [MASK]'s position (out.get(\":, \" + position + \", :\"))? And are the special tokens left out "
                        + "before the softmax (add -1e9 to their logits), so the probabilities are shared among real tokens only?");
            }
        }
    }
}
