package org.mlmlab.masking;

import java.util.Arrays;

/**
 * One sequence after masking, without padding.
 *
 * @param original the token ids as encoded
 * @param input    what the model sees: selected positions replaced
 * @param labels   the original id at selected positions, {@link #IGNORE} (-100) everywhere else
 * @param kinds    what happened at each position
 */
public record MaskedSequence(int[] original, int[] input, int[] labels, MaskKind[] kinds) {
    /** The label of positions without a loss, as in PyTorch and HuggingFace. */
    public static final int IGNORE = -100;

    /** {@code ids} with every position in {@code positions} hidden behind [MASK] and labelled with its original id. */
    public static MaskedSequence hiding(int[] ids, int[] positions, int maskId) {
        int[] input = ids.clone();
        int[] labels = new int[ids.length];
        MaskKind[] kinds = new MaskKind[ids.length];
        Arrays.fill(labels, IGNORE);
        Arrays.fill(kinds, MaskKind.NONE);
        for (int p : positions) {
            input[p] = maskId;
            labels[p] = ids[p];
            kinds[p] = MaskKind.MASKED;
        }
        return new MaskedSequence(ids.clone(), input, labels, kinds);
    }

    public int length() {
        return input.length;
    }

    public int selected() {
        int n = 0;
        for (int label : labels) {
            if (label != IGNORE) {
                n++;
            }
        }
        return n;
    }
}
