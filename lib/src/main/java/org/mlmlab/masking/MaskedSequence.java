package org.mlmlab.masking;

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
