package org.mlmlab.masking;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One training or evaluation batch, as NDArrays on the chosen device.
 * <ul>
 *   <li>{@code ids} (B, T): what the model sees, [PAD] after the end;</li>
 *   <li>{@code segments} (B, T): 0 for padding, otherwise which sentence of the row a token belongs
 *       to (1, 2, ... when packed); attention is allowed where segments are equal and non-zero;</li>
 *   <li>{@code labels} (B, T): original ids at selected positions, -100 elsewhere (the seed's format);</li>
 *   <li>{@code maskedPositions} (K): the selected positions as flat indices {@code b*T + t}, and
 *       {@code maskedLabels} (K) their original ids: the model applies its output head only there.</li>
 * </ul>
 * The arrays live in the batch's own NDManager: closing the batch frees all of them at once, so a
 * training loop that closes each batch keeps native memory flat.
 */
public final class Batch implements AutoCloseable {
    private final NDManager manager;
    private final NDArray ids;
    private final NDArray segments;
    private final NDArray labels;
    private final NDArray maskedPositions;
    private final NDArray maskedLabels;
    private final long[][] hostIds;
    private final int realTokens;

    private Batch(NDManager manager, long[][] ids, int[][] segments, int[][] labels, int realTokens) {
        this.manager = manager;
        this.hostIds = ids;
        this.realTokens = realTokens;
        int rows = ids.length;
        int cols = rows == 0 ? 0 : ids[0].length;
        long[] flatIds = new long[rows * cols];
        int[] flatSegments = new int[rows * cols];
        long[] flatLabels = new long[rows * cols];
        List<Long> positions = new ArrayList<>();
        List<Long> targets = new ArrayList<>();
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < cols; t++) {
                int i = b * cols + t;
                flatIds[i] = ids[b][t];
                flatSegments[i] = segments[b][t];
                flatLabels[i] = labels[b][t];
                if (labels[b][t] != MaskedSequence.IGNORE) {
                    positions.add((long) i);
                    targets.add((long) labels[b][t]);
                }
            }
        }
        Shape shape = new Shape(rows, cols);
        this.ids = manager.create(flatIds, shape);
        this.segments = manager.create(flatSegments, shape);
        this.labels = manager.create(flatLabels, shape);
        this.maskedPositions = manager.create(positions.stream().mapToLong(Long::longValue).toArray());
        this.maskedLabels = manager.create(targets.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Lays out masked sequences in rows and copies them to {@code parent}'s device, in a
     * sub-manager of {@code parent}.
     */
    public static Batch of(List<MaskedSequence> sequences, BatchLayout layout, int padId, NDManager parent) {
        Rows rows = Rows.of(sequences, layout, padId);
        return new Batch(parent.newSubManager(), rows.ids(), rows.segments(), rows.labels(), rows.realTokens());
    }

    /**
     * A batch's rows as Java arrays, before they go to a device (B rows of T): ids with [PAD]
     * after the end, segments, labels with -100 where nothing is masked, and the number of real tokens.
     */
    public record Rows(long[][] ids, int[][] segments, int[][] labels, int realTokens) {
        /** Lays out masked sequences in rows, as {@code layout} says. */
        public static Rows of(List<MaskedSequence> sequences, BatchLayout layout, int padId) {
            List<int[]> rows = layout.rows(sequences.stream().mapToInt(MaskedSequence::length).toArray());
            int width = switch (layout.padding()) {
                case FIXED, PACKED -> layout.maxLength();
                case LONGEST -> rows.stream().mapToInt(r -> Arrays.stream(r).map(i -> sequences.get(i).length()).sum()).max().orElse(0);
            };
            long[][] ids = new long[rows.size()][width];
            int[][] segments = new int[rows.size()][width];
            int[][] labels = new int[rows.size()][width];
            int real = 0;
            for (int b = 0; b < rows.size(); b++) {
                Arrays.fill(ids[b], padId);
                Arrays.fill(labels[b], MaskedSequence.IGNORE);
                int t = 0;
                int segment = 0;
                for (int member : rows.get(b)) {
                    MaskedSequence s = sequences.get(member);
                    if (s.length() > layout.maxLength()) {
                        throw new IllegalArgumentException("a sequence of " + s.length() + " tokens does not fit rows of "
                                + layout.maxLength() + ": encode with truncation to the model's length");
                    }
                    segment = layout.attendAcrossSentences() ? 1 : segment + 1;
                    for (int i = 0; i < s.length(); i++, t++) {
                        ids[b][t] = s.input()[i];
                        labels[b][t] = s.labels()[i];
                        segments[b][t] = segment;
                    }
                    real += s.length();
                }
            }
            return new Rows(ids, segments, labels, real);
        }
    }

    public NDArray ids() {
        return ids;
    }

    public NDArray segments() {
        return segments;
    }

    public NDArray labels() {
        return labels;
    }

    public NDArray maskedPositions() {
        return maskedPositions;
    }

    public NDArray maskedLabels() {
        return maskedLabels;
    }

    public NDManager manager() {
        return manager;
    }

    public int rows() {
        return hostIds.length;
    }

    public int width() {
        return hostIds.length == 0 ? 0 : hostIds[0].length;
    }

    /** Tokens that are not padding. */
    public int realTokens() {
        return realTokens;
    }

    public int maskedTokens() {
        return (int) maskedLabels.size();
    }

    /** The ids as Java arrays, for display. */
    public long[][] hostIds() {
        return hostIds;
    }

    @Override
    public void close() {
        manager.close();
    }
}
