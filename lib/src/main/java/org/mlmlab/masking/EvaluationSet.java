package org.mlmlab.masking;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

/**
 * Validation sequences with masks drawn once, from the seed, with the evaluation rule (15%, all
 * [MASK]). Every evaluation scores the same puzzles, so the validation curve shows the model
 * improving, not the luck of the masks.
 */
public final class EvaluationSet {
    private final List<MaskedSequence> masked;
    private final int padId;
    private final int maxLength;

    public EvaluationSet(List<int[]> sequences, Vocabulary vocab, int maxLength, long seed) {
        Masker masker = new Masker(MaskingConfig.EVALUATION, vocab);
        List<MaskedSequence> out = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            out.add(masker.mask(sequences.get(i), Masker.randomFor(seed, -1, i)));
        }
        this.masked = List.copyOf(out);
        this.padId = vocab.padId();
        this.maxLength = maxLength;
    }

    public List<MaskedSequence> sequences() {
        return masked;
    }

    public int size() {
        return masked.size();
    }

    public int batchCount(int batchSize) {
        return (masked.size() + batchSize - 1) / batchSize;
    }

    /**
     * Batch {@code index} of {@code batchSize} sequences, in a fixed order, packed side by side
     * with each attending only to itself: the same answers as one sequence per row, in about a
     * quarter of the rows (sentences are much shorter than a row).
     */
    public Batch batch(int index, int batchSize, NDManager manager) {
        return Batch.of(part(index, batchSize), layout(), padId, manager);
    }

    /** The same batch as Java arrays (to hand the set to another program). */
    public Batch.Rows rows(int index, int batchSize) {
        return Batch.Rows.of(part(index, batchSize), layout(), padId);
    }

    private List<MaskedSequence> part(int index, int batchSize) {
        return masked.subList(index * batchSize, Math.min(masked.size(), (index + 1) * batchSize));
    }

    private BatchLayout layout() {
        return BatchLayout.packed(maxLength, false);
    }
}
