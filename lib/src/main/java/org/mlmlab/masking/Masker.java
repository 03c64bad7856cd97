package org.mlmlab.masking;

import org.mlmlab.Exercise;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hides tokens for the model to recover.
 * <p>
 * Per sequence, {@code round(rate x real tokens)} positions are selected, at least one, never a
 * special token (padding is added later, so it can never be selected). A fixed count rather than
 * a coin flip per token keeps every sequence useful: short sentences always have a target.
 * With whole-word masking, words are picked in random order and taken whole while they fit the
 * count (the first word always fits). Selected positions become [MASK], or with BERT's rule
 * [MASK] 80% / a random ordinary token 10% / unchanged 10%. Labels keep the original id there
 * and -100 everywhere else.
 */
public final class Masker {
    private final MaskingConfig config;
    private final Vocabulary vocab;

    public Masker(MaskingConfig config, Vocabulary vocab) {
        this.config = config;
        this.vocab = vocab;
    }

    public MaskingConfig config() {
        return config;
    }

    public MaskedSequence mask(int[] ids, SplittableRandom random) {
        Exercise.MASKING.refuseDuringItsCheck("Masker.mask");
        int[] input = ids.clone();
        int[] labels = new int[ids.length];
        Arrays.fill(labels, MaskedSequence.IGNORE);
        MaskKind[] kinds = new MaskKind[ids.length];
        Arrays.fill(kinds, MaskKind.NONE);
        List<int[]> units = config.wholeWord() ? vocab.words(ids) : tokens(ids);
        int candidates = units.stream().mapToInt(u -> u.length).sum();
        if (candidates == 0) {
            return new MaskedSequence(ids.clone(), input, labels, kinds);
        }
        int target = Math.max(1, (int) Math.round(config.rate() * candidates));
        shuffle(units, random);
        int selected = 0;
        for (int[] unit : units) {
            if (selected > 0 && selected + unit.length > target) {
                continue;
            }
            for (int position : unit) {
                select(position, ids, input, labels, kinds, random);
            }
            selected += unit.length;
            if (selected >= target) {
                break;
            }
        }
        return new MaskedSequence(ids.clone(), input, labels, kinds);
    }

    private void select(int position, int[] ids, int[] input, int[] labels, MaskKind[] kinds, SplittableRandom random) {
        labels[position] = ids[position];
        double r = config.bertReplacement() ? random.nextDouble() : 0;
        if (r < 0.8) {
            input[position] = vocab.maskId();
            kinds[position] = MaskKind.MASKED;
        } else if (r < 0.9) {
            input[position] = vocab.ordinaryIds()[random.nextInt(vocab.ordinaryIds().length)];
            kinds[position] = MaskKind.RANDOM;
        } else {
            kinds[position] = MaskKind.KEPT;
        }
    }

    /** Every non-special position on its own. */
    private List<int[]> tokens(int[] ids) {
        List<int[]> units = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (!vocab.special()[ids[i]]) {
                units.add(new int[] {i});
            }
        }
        return units;
    }

    private static void shuffle(List<int[]> units, SplittableRandom random) {
        for (int i = units.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int[] t = units.get(i);
            units.set(i, units.get(j));
            units.set(j, t);
        }
    }

    /**
     * The random stream for one sequence in one epoch. Deriving it from (seed, epoch, index)
     * rather than drawing from one shared generator makes each mask independent of batch order
     * and of how far training got: a resumed run sees exactly the masks it would have seen.
     */
    public static SplittableRandom randomFor(long seed, long epoch, long index) {
        return new SplittableRandom(mix(mix(seed) ^ mix(epoch + 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
