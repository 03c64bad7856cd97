package org.mlmlab.masking;

import org.mlmlab.tokenizer.LabTokenizer;

import java.util.ArrayList;
import java.util.List;

/** Texts as token-id sequences, truncated to the tokenizer's length; texts that encode to nothing are dropped. */
public final class TokenSequences {
    private TokenSequences() {
    }

    public static List<int[]> encode(LabTokenizer tokenizer, List<String> texts) {
        List<int[]> sequences = new ArrayList<>(texts.size());
        for (LabTokenizer.Encoded e : tokenizer.encode(texts)) {
            if (e.length() > 0) {
                sequences.add(e.intIds());
            }
        }
        return sequences;
    }
}
