package org.mlmlab.masking;

/**
 * How tokens are hidden.
 *
 * @param rate             share of a sequence's real tokens that are selected (the seed: 0.15)
 * @param bertReplacement  false: every selected token becomes [MASK] (the seed's rule);
 *                         true: BERT's 80/10/10 (80% [MASK], 10% a random token, 10% unchanged)
 * @param wholeWord        select whole words: a word and all its ## pieces together
 */
public record MaskingConfig(double rate, boolean bertReplacement, boolean wholeWord) {
    /** Evaluation always hides 15% with the seed's rule, whatever training uses, so scores stay comparable. */
    public static final MaskingConfig EVALUATION = new MaskingConfig(0.15, false, false);

    public MaskingConfig {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("masking rate must be between 0 and 1, not " + rate);
        }
    }

    /** The seed's rule: 15% of tokens, all replaced by [MASK]. */
    public static MaskingConfig seed() {
        return new MaskingConfig(0.15, false, false);
    }

    /** BERT's rule: 15% of tokens, 80% [MASK] / 10% random / 10% kept. */
    public static MaskingConfig bert() {
        return new MaskingConfig(0.15, true, false);
    }

    public MaskingConfig withRate(double r) {
        return new MaskingConfig(r, bertReplacement, wholeWord);
    }

    public MaskingConfig withWholeWord(boolean w) {
        return new MaskingConfig(rate, bertReplacement, w);
    }
}
