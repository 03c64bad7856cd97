package org.mlmlab.masking;

import org.mlmlab.tokenizer.LabTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What masking needs to know about the vocabulary: the [MASK] and [PAD] ids, which ids are
 * special (never selected, never drawn as random replacements), and which tokens continue a
 * word ("##ing"), for whole-word masking.
 */
public record Vocabulary(int maskId, int padId, boolean[] special, boolean[] continuation, int[] ordinaryIds) {

    public static Vocabulary of(LabTokenizer tokenizer) {
        return of(tokenizer.vocab(), Set.of("[UNK]", "[PAD]", "[MASK]", "[CLS]", "[SEP]"));
    }

    /** {@code tokens} in id order; {@code specials}: the special tokens' strings. */
    public static Vocabulary of(List<String> tokens, Set<String> specials) {
        boolean[] special = new boolean[tokens.size()];
        boolean[] continuation = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            special[i] = specials.contains(tokens.get(i));
            continuation[i] = tokens.get(i).startsWith("##");
        }
        int mask = tokens.indexOf("[MASK]");
        int pad = tokens.indexOf("[PAD]");
        if (mask < 0 || pad < 0) {
            throw new IllegalArgumentException("the vocabulary needs [MASK] and [PAD] tokens; train the tokenizer with them");
        }
        int[] ordinary = IntStream.range(0, tokens.size()).filter(i -> !special[i]).toArray();
        return new Vocabulary(mask, pad, special, continuation, ordinary);
    }

    public int size() {
        return special.length;
    }

    /**
     * Token positions grouped by word: a word-initial token and the "##" pieces that follow it
     * ("play ##ing" is one word). Special tokens belong to no word.
     */
    public List<int[]> words(int[] ids) {
        List<int[]> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= ids.length; i++) {
            boolean continues = i < ids.length && start >= 0 && !special[ids[i]] && continuation[ids[i]];
            if (!continues && start >= 0) {
                words.add(IntStream.range(start, i).toArray());
                start = -1;
            }
            if (i < ids.length && !special[ids[i]] && !continues) {
                start = i;
            }
        }
        return words;
    }
}
