package org.mlmlab.training;

/**
 * What one training step did.
 *
 * @param step         the update just made (1-based)
 * @param loss         the batch's masked-token loss before the update
 * @param learningRate the rate used
 * @param gradientNorm the global gradient norm before clipping
 * @param tokens       real tokens in the batch
 * @param maskedTokens masked tokens in the batch (the loss's targets)
 * @param seconds      time the step took
 */
public record StepResult(long step, double loss, double learningRate, double gradientNorm, int tokens, int maskedTokens,
                         double seconds) {
    public double tokensPerSecond() {
        return tokens / seconds;
    }
}
