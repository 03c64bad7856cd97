package org.mlmlab.training;

/**
 * Scores on the validation set's fixed masks.
 *
 * @param loss             mean cross-entropy over the masked tokens (nats)
 * @param accuracy         share of masked tokens whose top prediction is the original token
 * @param baselineAccuracy the same share for "always answer the most frequent token"
 * @param maskedTokens     how many masked tokens were scored
 */
public record Evaluation(double loss, double accuracy, double baselineAccuracy, long maskedTokens) {
    /** exp(loss): as unsure as choosing uniformly among this many tokens. */
    public double perplexity() {
        return Math.exp(loss);
    }

    @Override
    public String toString() {
        return String.format("loss %.3f | perplexity %.1f | accuracy %.1f%% (most-frequent-token baseline %.1f%%) on %,d masked tokens",
                loss, perplexity(), 100 * accuracy, 100 * baselineAccuracy, maskedTokens);
    }
}
