package org.mlmlab.masking;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mlmlab.Lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class BatchTest {
    static final Vocabulary VOCAB = MaskerTest.VOCAB;

    private static MaskedSequence seq(int... ids) {
        return new Masker(MaskingConfig.seed(), VOCAB).mask(ids, new SplittableRandom(ids.length));
    }

    @Test
    void padsToTheLongestSequenceInTheSeedsFormat() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            MaskedSequence a = seq(3, 4, 5, 6, 3, 7);
            MaskedSequence b = seq(13, 14);
            try (Batch batch = Batch.of(List.of(a, b), BatchLayout.longest(128), VOCAB.padId(), manager)) {
                assertEquals(2, batch.rows());
                assertEquals(6, batch.width());
                long[] ids = batch.ids().toLongArray();
                assertEquals(1, ids[6 + 2], "[PAD]=1 after the end");
                long[] labels = batch.labels().toLongArray();
                assertEquals(-100, labels[6 + 3], "padding has label -100");
                assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, batch.segments().toIntArray());
                assertEquals(a.selected() + b.selected(), batch.maskedTokens());
                for (long p : batch.maskedPositions().toLongArray()) {
                    assertEquals(2, ids[(int) p], "gathered positions hold [MASK]");
                }
                assertEquals(8, batch.realTokens());
            }
        }
    }

    @Test
    void fixedPaddingMakesRowsOfMaxLength() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device());
             Batch batch = Batch.of(List.of(seq(3, 4)), BatchLayout.fixed(128), VOCAB.padId(), manager)) {
            assertEquals(128, batch.width());
        }
    }

    @Test
    void packingFillsRowsAndKeepsSentencesApart() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            List<MaskedSequence> s = List.of(seq(3, 4, 5), seq(6, 7), seq(8, 9, 10, 11), seq(13));
            try (Batch inside = Batch.of(s, BatchLayout.packed(6, false), VOCAB.padId(), manager);
                 Batch across = Batch.of(s, BatchLayout.packed(6, true), VOCAB.padId(), manager)) {
                assertEquals(2, inside.rows());
                assertArrayEquals(new int[] {1, 1, 1, 2, 2, 0, 1, 1, 1, 1, 2, 0}, inside.segments().toIntArray());
                assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0}, across.segments().toIntArray());
            }
        }
    }

    @Test
    void aSequenceLongerThanTheRowIsRefused() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            int[] ids = new int[10];
            Arrays.fill(ids, 3);
            assertThrows(IllegalArgumentException.class, () -> Batch.of(List.of(seq(ids)), BatchLayout.fixed(8), 1, manager));
        }
    }

    @Test
    void closingABatchFreesItsArrays() {
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            Batch batch = Batch.of(List.of(seq(3, 4, 5)), BatchLayout.longest(128), 1, manager);
            batch.close();
            assertTrue(batch.ids().isReleased());
            assertTrue(batch.maskedLabels().isReleased());
            assertFalse(batch.manager().isOpen());
        }
    }

    @Test
    void trainingBatchesAreReproducibleAndCoverEveryEpoch() {
        List<int[]> sequences = MaskerTest.randomSequences(103, 5);
        Masker masker = new Masker(MaskingConfig.bert(), VOCAB);
        TrainingBatches a = new TrainingBatches(sequences, masker, VOCAB, BatchLayout.longest(128), 10, 42);
        TrainingBatches b = new TrainingBatches(sequences, masker, VOCAB, BatchLayout.longest(128), 10, 42);
        assertEquals(11, a.batchesPerEpoch(0));
        int total = 0;
        for (int i = 0; i < a.batchesPerEpoch(0); i++) {
            List<MaskedSequence> x = a.sequences(0, i);
            List<MaskedSequence> y = b.sequences(0, i);
            total += x.size();
            for (int k = 0; k < x.size(); k++) {
                assertArrayEquals(x.get(k).input(), y.get(k).input());
            }
        }
        assertEquals(103, total);
        assertFalse(Arrays.equals(a.sequences(0, 0).get(0).original(), a.sequences(1, 0).get(0).original())
                && Arrays.equals(a.sequences(0, 0).get(1).original(), a.sequences(1, 0).get(1).original()),
                "each epoch has its own order");
    }

    @Test
    void packedEpochsUseEverySequenceOnce() {
        List<int[]> sequences = MaskerTest.randomSequences(200, 6);
        TrainingBatches packed = new TrainingBatches(sequences, new Masker(MaskingConfig.seed(), VOCAB), VOCAB,
                BatchLayout.packed(128, false), 4, 1);
        int used = 0;
        try (NDManager manager = NDManager.newBaseManager(Lab.device())) {
            for (int i = 0; i < packed.batchesPerEpoch(0); i++) {
                used += packed.sequences(0, i).size();
                try (Batch batch = packed.batch(0, i, manager)) {
                    assertTrue(batch.rows() <= 4);
                    assertEquals(128, batch.width());
                }
            }
        }
        assertEquals(200, used);
    }

    @Test
    void evaluationMasksAreFixed() {
        List<int[]> sequences = MaskerTest.randomSequences(50, 7);
        EvaluationSet first = new EvaluationSet(sequences, VOCAB, 128, 42);
        EvaluationSet again = new EvaluationSet(sequences, VOCAB, 128, 42);
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(first.sequences().get(i).labels(), again.sequences().get(i).labels());
            selected.add(first.sequences().get(i).selected());
        }
        try (NDManager manager = NDManager.newBaseManager(Lab.device());
             Batch one = first.batch(0, 16, manager);
             Batch two = first.batch(0, 16, manager)) {
            assertArrayEquals(one.labels().toLongArray(), two.labels().toLongArray());
        }
        assertEquals(4, first.batchCount(16));
    }
}
