package org.mlmlab.masking;

/**
 * How sequences are laid out in a batch's rows.
 *
 * @param padding  {@link Padding#LONGEST} (default), {@link Padding#FIXED} (always maxLength, as
 *                 the seed did) or {@link Padding#PACKED} (several sentences per row)
 * @param maxLength row length for FIXED and PACKED, and the longest sequence allowed
 * @param attendAcrossSentences with PACKED: false (default) keeps each token's attention inside
 *                 its own sentence, as if the sentences were in separate rows; true lets packed
 *                 sentences see each other (cheaper context, but the model learns from
 *                 neighbours that are unrelated)
 */
public record BatchLayout(Padding padding, int maxLength, boolean attendAcrossSentences) {

    public enum Padding { LONGEST, FIXED, PACKED }

    public static BatchLayout longest(int maxLength) {
        return new BatchLayout(Padding.LONGEST, maxLength, false);
    }

    public static BatchLayout fixed(int maxLength) {
        return new BatchLayout(Padding.FIXED, maxLength, false);
    }

    public static BatchLayout packed(int maxLength, boolean attendAcrossSentences) {
        return new BatchLayout(Padding.PACKED, maxLength, attendAcrossSentences);
    }
}
