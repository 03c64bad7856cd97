package org.mlmlab.masking;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** The {@code n}-th batch of training (from 0), epoch after epoch, as NDArrays under {@code manager}; close it after the step. */
    public Batch batchNumber(long n, NDManager manager) {
        long epoch = 0;
        while (n >= batchesPerEpoch(epoch)) {
            n -= batchesPerEpoch(epoch);
            epoch++;
        }
        return batch(epoch, (int) n, manager);
    }

    public BatchLayout layout() {
        return layout;
    }

    public int sequenceCount() {
        return sequences.size();
    }

    /** Which sequences form each batch of an epoch: the shuffled order laid out in rows, batchSize rows a batch. */
    private synchronized List<int[]> plan(long epoch) {
        if (epoch != plannedEpoch) {
            int[] order = shuffledOrder(epoch);
            List<int[]> rows = layout.rows(Arrays.stream(order).map(i -> sequences.get(i).length).toArray());
            plan = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += batchSize) {
                int[] members = rows.subList(from, Math.min(rows.size(), from + batchSize)).stream()
                        .flatMapToInt(Arrays::stream).map(position -> order[position]).toArray();
                plan.add(members);
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
