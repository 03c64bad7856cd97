package org.mlmlab.training;

import org.mlmlab.corpus.Corpus;
import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.masking.Masker;
import org.mlmlab.masking.TokenSequences;
import org.mlmlab.masking.TrainingBatches;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.tokenizer.LabTokenizer;

import java.util.List;

/**
 * What a run reads: the training batches (new masks every epoch), the validation sentences with
 * fixed masks, and the most frequent training token, the baseline every model must beat.
 */
public record TrainingData(TrainingBatches train, EvaluationSet validation, List<String> validationTexts, Vocabulary vocabulary,
                           long[] tokenCounts) {

    /** Encodes the split with the tokenizer and masks it as {@code config} says. */
    public static TrainingData of(LabTokenizer tokenizer, Corpus.Split split, TrainingConfig config) {
        Vocabulary vocab = Vocabulary.of(tokenizer);
        List<int[]> train = TokenSequences.encode(tokenizer, split.train().texts());
        List<String> validationTexts = split.validation().texts();
        List<int[]> validation = TokenSequences.encode(tokenizer,
                validationTexts.subList(0, Math.min(validationTexts.size(), config.evaluationSentences())));
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("the validation split is empty: use a corpus with more texts");
        }
        TrainingBatches batches = new TrainingBatches(train, new Masker(config.masking(), vocab), vocab,
                config.layout(), config.batchRows(), config.seed());
        return new TrainingData(batches, new EvaluationSet(validation, vocab, tokenizer.maxLength(), config.seed()), validationTexts, vocab,
                countTokens(train, vocab.size()));
    }

    /** The most frequent ordinary training token: the baseline's constant answer. */
    public int mostFrequentToken() {
        return mostFrequent(tokenCounts, vocabulary);
    }

    /** How often each id occurs in {@code sequences}. */
    public static long[] countTokens(List<int[]> sequences, int vocabSize) {
        long[] counts = new long[vocabSize];
        for (int[] s : sequences) {
            for (int id : s) {
                counts[id]++;
            }
        }
        return counts;
    }

    /** The ordinary token that occurs most often ("the", in English). */
    public static int mostFrequent(long[] counts, Vocabulary vocab) {
        int best = vocab.ordinaryIds()[0];
        for (int id : vocab.ordinaryIds()) {
            if (counts[id] > counts[best]) {
                best = id;
            }
        }
        return best;
    }
}
