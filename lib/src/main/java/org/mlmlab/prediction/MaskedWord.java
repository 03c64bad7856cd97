package org.mlmlab.prediction;

import java.util.List;

/**
 * One hidden word of a {@link Prediction}: the word the sentence had (null when the text came with
 * [MASK] already), the word the model put there, and the model's top candidates, whole words with
 * their probability. A word the tokenizer splits ("playing" = play + ##ing) is hidden and predicted
 * as a whole: every piece becomes [MASK], and the pieces are filled as one word.
 *
 * @param firstPosition the word's first token position in the sentence
 * @param actual        the hidden word, or null
 * @param predicted     the word the model chose (its best candidate)
 * @param pieces        how many tokens the hidden word takes
 * @param candidates    the top candidates, whole words, most probable first
 */
public record MaskedWord(int firstPosition, String actual, String predicted, int pieces, List<Candidate> candidates) {
    /** Right when the model restored the hidden word exactly (unknown for given [MASK]s). */
    public boolean correct() {
        return actual != null && actual.equals(predicted);
    }
}
