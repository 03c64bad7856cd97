package org.mlmlab.corpus;

import org.mlmlab.Exercise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A corpus: a name and its texts, one sentence (or paragraph) each. Everything later in the lab
 * (tokenizer, masking, training) reads texts from here.
 */
public record Corpus(String name, List<String> texts) {

    public Corpus {
        texts = List.copyOf(texts);
    }

    public int size() {
        return texts.size();
    }

    /** The first {@code n} texts (all of them when there are fewer), e.g. for a small preset. */
    public Corpus head(int n) {
        return n >= texts.size() ? this : new Corpus(name, texts.subList(0, n));
    }

    /**
     * Splits into training and validation texts. The texts are shuffled with {@code seed} first,
     * so the same seed always gives the same split, and neither part depends on the file's order.
     */
    public Split split(double validationFraction, long seed) {
        Exercise.SPLIT.refuseDuringItsCheck("Corpus.split");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be between 0 and 1, not " + validationFraction);
        }
        if (texts.size() < 2) {
            throw new IllegalArgumentException("corpus '" + name + "' has " + texts.size()
                    + " text(s): a split needs at least 2. Use a larger corpus.");
        }
        List<String> shuffled = new ArrayList<>(texts);
        Collections.shuffle(shuffled, new Random(seed));
        int validation = (int) Math.max(1, Math.min(texts.size() - 1, Math.round(texts.size() * validationFraction)));
        return new Split(new Corpus(name + " (train)", shuffled.subList(validation, shuffled.size())),
                new Corpus(name + " (validation)", shuffled.subList(0, validation)));
    }

    /** Training and validation parts of a corpus. */
    public record Split(Corpus train, Corpus validation) {
    }
}
