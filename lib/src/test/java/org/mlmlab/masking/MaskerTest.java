package org.mlmlab.masking;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class MaskerTest {
    /** ids: 0 [UNK], 1 [PAD], 2 [MASK], then words and ## pieces. */
    static final List<String> TOKENS = List.of("[UNK]", "[PAD]", "[MASK]", "the", "cat", "sat", "on", "mat", "run",
            "##ning", "##s", "play", "##ed", "a", "dog");
    static final Vocabulary VOCAB = Vocabulary.of(TOKENS, Set.of("[UNK]", "[PAD]", "[MASK]"));

    static List<int[]> randomSequences(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int[] ids = new int[1 + r.nextInt(60)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = r.nextInt(20) == 0 ? 0 : 3 + r.nextInt(TOKENS.size() - 3); // some [UNK]s
            }
            out.add(ids);
        }
        return out;
    }

    @Test
    void theSeedRuleHidesFifteenPercentWithMaskAndKeepsLabelsExact() {
        Masker masker = new Masker(MaskingConfig.seed(), VOCAB);
        long candidates = 0;
        long selected = 0;
        for (int[] ids : randomSequences(5000, 1)) {
            MaskedSequence m = masker.mask(ids, new SplittableRandom(ids.length * 31L + ids[0]));
            int real = 0;
            for (int i = 0; i < ids.length; i++) {
                if (ids[i] != 0) {
                    real++;
                }
                if (m.labels()[i] == MaskedSequence.IGNORE) {
                    assertEquals(ids[i], m.input()[i], "unselected positions are untouched");
                    assertEquals(MaskKind.NONE, m.kinds()[i]);
                } else {
                    assertEquals(ids[i], m.labels()[i], "the label is the original id");
                    assertEquals(2, m.input()[i], "the seed rule always uses [MASK]");
                    assertNotEquals(0, ids[i], "special tokens are never selected");
                }
            }
            if (real > 0) {
                assertTrue(m.selected() >= 1, "every non-empty sequence has a target");
            }
            candidates += real;
            selected += m.selected();
        }
        double rate = (double) selected / candidates;
        assertEquals(0.15, rate, 0.01, "measured rate " + rate);
    }

    @Test
    void bertsRuleSplitsEightyTenTenAndNeverDrawsSpecials() {
        Masker masker = new Masker(MaskingConfig.bert(), VOCAB);
        int[] counts = new int[MaskKind.values().length];
        for (int[] ids : randomSequences(8000, 2)) {
            MaskedSequence m = masker.mask(ids, new SplittableRandom(ids.length + 7L * ids[0]));
            for (int i = 0; i < ids.length; i++) {
                counts[m.kinds()[i].ordinal()]++;
                if (m.kinds()[i] == MaskKind.RANDOM) {
                    assertFalse(VOCAB.special()[m.input()[i]], "random replacements are ordinary tokens");
                }
                if (m.kinds()[i] == MaskKind.KEPT) {
                    assertEquals(ids[i], m.input()[i]);
                }
            }
        }
        double selected = counts[1] + counts[2] + counts[3];
        assertEquals(0.80, counts[MaskKind.MASKED.ordinal()] / selected, 0.015);
        assertEquals(0.10, counts[MaskKind.RANDOM.ordinal()] / selected, 0.01);
        assertEquals(0.10, counts[MaskKind.KEPT.ordinal()] / selected, 0.01);
    }

    @Test
    void theRateIsAParameter() {
        Masker masker = new Masker(MaskingConfig.seed().withRate(0.3), VOCAB);
        long real = 0;
        long selected = 0;
        for (int[] ids : randomSequences(3000, 3)) {
            selected += masker.mask(ids, new SplittableRandom(ids.length)).selected();
            real += Arrays.stream(ids).filter(id -> id != 0).count();
        }
        assertEquals(0.30, (double) selected / real, 0.01);
    }

    @Test
    void wholeWordMaskingTakesAWordWithAllItsPieces() {
        Masker masker = new Masker(MaskingConfig.seed().withWholeWord(true), VOCAB);
        // "the cat run ##ning play ##ed ##s on a mat dog" : words the|cat|run ##ning|play ##ed ##s|on|a|mat|dog
        int[] ids = {3, 4, 8, 9, 11, 12, 10, 6, 13, 7, 14};
        for (long s = 0; s < 500; s++) {
            MaskedSequence m = masker.mask(ids, new SplittableRandom(s));
            boolean[] hidden = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                hidden[i] = m.labels()[i] != MaskedSequence.IGNORE;
            }
            assertEquals(hidden[2], hidden[3], "run ##ning together");
            assertEquals(hidden[4], hidden[5], "play ##ed ##s together");
            assertEquals(hidden[5], hidden[6], "play ##ed ##s together");
            assertTrue(m.selected() >= 1);
        }
    }

    @Test
    void theSameSeedGivesTheSameMasksAndEpochsDiffer() {
        Masker masker = new Masker(MaskingConfig.bert(), VOCAB);
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 3 + i % 12;
        }
        MaskedSequence a = masker.mask(ids, Masker.randomFor(42, 3, 17));
        MaskedSequence b = masker.mask(ids, Masker.randomFor(42, 3, 17));
        assertArrayEquals(a.input(), b.input());
        assertArrayEquals(a.labels(), b.labels());
        int differ = 0;
        for (int epoch = 0; epoch < 20; epoch++) {
            if (!Arrays.equals(a.labels(), masker.mask(ids, Masker.randomFor(42, epoch + 100, 17)).labels())) {
                differ++;
            }
        }
        assertEquals(20, differ, "dynamic masking: new masks each epoch (" + differ + "/20 differ)");
    }

    @Test
    void aSequenceOfOnlySpecialTokensHasNoTarget() {
        MaskedSequence m = new Masker(MaskingConfig.seed(), VOCAB).mask(new int[] {0, 0}, new SplittableRandom(1));
        assertEquals(0, m.selected());
    }
}
