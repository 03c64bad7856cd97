package org.mlmlab.prediction;

import java.util.List;

/**
 * One hidden word of a {@link Prediction}: the word the sentence had (null when the text came with
 * [MASK] already), the word the model put there, and, for each of the word's pieces, the model's
 * top candidates. A word the tokenizer splits ("playing" = play + ##ing) is hidden and predicted
 * as a whole: every piece becomes [MASK].
 *
 * @param firstPosition the word's first token position in the sentence
 * @param actual        the hidden word, or null
 * @param predicted     the pieces the model chose, joined into a word
 * @param candidates    per piece, the top-k candidates, most probable first
 */
public record MaskedWord(int firstPosition, String actual, String predicted, List<List<Candidate>> candidates) {
    public int pieces() {
        return candidates.size();
    }

    /** Right when the model restored the hidden word exactly (unknown for given [MASK]s). */
    public boolean correct() {
        return actual != null && actual.equals(predicted);
    }
}
