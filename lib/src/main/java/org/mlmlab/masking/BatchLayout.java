package org.mlmlab.masking;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

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

    /**
     * Which sequences share a row, given their lengths in order: each its own row, or with
     * PACKED, greedily in order: a sequence joins the current row if it fits, else opens a new one.
     */
    public List<int[]> rows(int[] lengths) {
        List<int[]> rows = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < lengths.length; i++) {
            boolean fits = padding == Padding.PACKED && used + lengths[i] <= maxLength;
            if (i > start && !fits) {
                rows.add(IntStream.range(start, i).toArray());
                start = i;
                used = 0;
            }
            used += lengths[i];
        }
        if (start < lengths.length) {
            rows.add(IntStream.range(start, lengths.length).toArray());
        }
        return rows;
    }

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
