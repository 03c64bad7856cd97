package org.mlmlab.finetuning;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A text and its class: an index into the data set's class names. */
public record LabelledText(String text, int label) {
    /** The label's number and the text's first 160 characters. */
    @Override
    public String toString() {
        return "[" + label + "] " + (text.length() <= 160 ? text : text.substring(0, 160) + "...");
    }

    /** Labelled examples split in two by {@code seed}: the same seed, the same split. */
    public record Split(List<LabelledText> train, List<LabelledText> test) {
        public static Split of(List<LabelledText> examples, double testFraction, long seed) {
            if (examples.size() < 2) {
                throw new IllegalArgumentException("a split needs at least 2 labelled texts, not " + examples.size());
            }
            List<LabelledText> shuffled = new ArrayList<>(examples);
            Collections.shuffle(shuffled, new Random(seed));
            int test = (int) Math.max(1, Math.min(examples.size() - 1, Math.round(examples.size() * testFraction)));
            return new Split(List.copyOf(shuffled.subList(test, shuffled.size())), List.copyOf(shuffled.subList(0, test)));
        }

        /** The first {@code n} training examples (they are already in shuffled order): a smaller training set, same test set. */
        public Split withTrainingExamples(int n) {
            return new Split(train.subList(0, Math.min(n, train.size())), test);
        }
    }
}
