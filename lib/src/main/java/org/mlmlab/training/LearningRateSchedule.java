package org.mlmlab.training;

/**
 * The learning rate at each step: a linear warmup from 0 to the peak (Adam's moment estimates
 * are noisy at first, and big early steps can wreck the fresh model), then a cosine decay down to
 * {@code finalFraction} of the peak at the last step (small steps at the end settle the weights).
 *
 * @param peak          the highest learning rate, reached at the end of the warmup
 * @param warmupSteps   steps of the linear warmup
 * @param totalSteps    the run's length; the decay ends here
 * @param finalFraction the last step's rate as a fraction of the peak
 */
public record LearningRateSchedule(double peak, int warmupSteps, int totalSteps, double finalFraction) {

    public LearningRateSchedule {
        if (peak <= 0 || warmupSteps < 0 || totalSteps < 1 || finalFraction < 0 || finalFraction > 1) {
            throw new IllegalArgumentException("a schedule needs peak > 0, warmup >= 0, total >= 1 and a final fraction in [0, 1]");
        }
    }

    /** The rate for step {@code step} (1-based: the first update is step 1). */
    public double at(long step) {
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));   // 1 -> 0
        return peak * (finalFraction + (1 - finalFraction) * cosine);
    }
}
