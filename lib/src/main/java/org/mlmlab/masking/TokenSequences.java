package org.mlmlab.masking;

import org.mlmlab.tokenizer.LabTokenizer;

import java.util.ArrayList;
import java.util.List;

/** Texts as token-id sequences, truncated to the tokenizer's length; texts that encode to nothing are dropped. */
public final class TokenSequences {
    private TokenSequences() {
    }

    public static List<int[]> encode(LabTokenizer tokenizer, List<String> texts) {
        return of(tokenizer.encode(texts));
    }

    /** The id sequences of texts already encoded (each as long as the tokenizer allows), the empty ones left out. */
    public static List<int[]> of(List<LabTokenizer.Encoded> encoded) {
        List<int[]> sequences = new ArrayList<>(encoded.size());
        for (LabTokenizer.Encoded e : encoded) {
            if (e.length() > 0) {
                sequences.add(e.intIds());
            }
        }
        return sequences;
    }
}
