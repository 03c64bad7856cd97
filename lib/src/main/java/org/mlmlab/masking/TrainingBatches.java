package org.mlmlab.masking;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training data as batches, epoch after epoch. Each epoch visits the sequences in a new
 * order (shuffled with the seed and the epoch number) and draws new masks (dynamic masking: the
 * model never sees the same puzzle twice). Batch {@code (epoch, index)} is a pure function of the
 * seed, so a resumed run gets exactly the batches it would have had.
 */
public final class TrainingBatches {
    private final List<int[]> sequences;
    private final Masker masker;
    private final BatchLayout layout;
    private final int batchSize;
    private final long seed;
    private final int padId;
    private long plannedEpoch = -1;
    private List<int[]> plan;

    public TrainingBatches(List<int[]> sequences, Masker masker, Vocabulary vocab, BatchLayout layout, int batchSize, long seed) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("no training sequences: the training texts encoded to nothing");
        }
        this.sequences = List.copyOf(sequences);
        this.masker = masker;
        this.layout = layout;
        this.batchSize = batchSize;
        this.seed = seed;
        this.padId = vocab.padId();
    }

    public int batchesPerEpoch(long epoch) {
        return plan(epoch).size();
    }

    /** The masked sequences of batch {@code index} of {@code epoch}. */
    public List<MaskedSequence> sequences(long epoch, int index) {
        int[] members = plan(epoch).get(index);
        List<MaskedSequence> masked = new ArrayList<>(members.length);
        for (int i : members) {
            masked.add(masker.mask(sequences.get(i), Masker.randomFor(seed, epoch, i)));
        }
        return masked;
    }

    /** Batch {@code index} of {@code epoch} as NDArrays under {@code manager}; close it after the step. */
    public Batch batch(long epoch, int index, NDManager manager) {
        return Batch.of(sequences(epoch, index), layout, padId, manager);
    }

    public BatchLayout layout() {
        return layout;
    }

    public int sequenceCount() {
        return sequences.size();
    }

    /** Which sequences form each batch of an epoch: the shuffled order in groups of batchSize rows. */
    private synchronized List<int[]> plan(long epoch) {
        if (epoch != plannedEpoch) {
            int[] order = shuffledOrder(epoch);
            plan = new ArrayList<>();
            if (layout.padding() == BatchLayout.Padding.PACKED) {
                List<Integer> batch = new ArrayList<>();
                int rows = 0;
                int used = layout.maxLength();
                for (int i : order) {
                    int length = sequences.get(i).length;
                    if (used + length > layout.maxLength()) {   // this sentence opens a new row
                        if (rows == batchSize) {
                            plan.add(batch.stream().mapToInt(Integer::intValue).toArray());
                            batch = new ArrayList<>();
                            rows = 0;
                        }
                        rows++;
                        used = 0;
                    }
                    batch.add(i);
                    used += length;
                }
                plan.add(batch.stream().mapToInt(Integer::intValue).toArray());
            } else {
                for (int from = 0; from < order.length; from += batchSize) {
                    plan.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
                }
            }
            plannedEpoch = epoch;
        }
        return plan;
    }

    private int[] shuffledOrder(long epoch) {
        int[] order = new int[sequences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = Masker.randomFor(seed, epoch, -1);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
