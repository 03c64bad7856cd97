package org.mlmlab.training;

/**
 * The learning rate along a run, as a function of how much of its budget is spent (0 to 1, see
 * {@link TrainingBudget#progress}): a linear warmup from 0 to the peak (Adam's moment estimates
 * are noisy at first, and big early steps can wreck the fresh model), then a cosine decay down to
 * {@code finalFraction} of the peak at the end of the budget (small steps at the end settle the
 * weights).
 *
 * @param peak          the highest learning rate, reached at the end of the warmup
 * @param warmup        the share of the budget spent warming up
 * @param finalFraction the rate at the end of the budget, as a fraction of the peak
 */
public record LearningRateSchedule(double peak, double warmup, double finalFraction) {

    public LearningRateSchedule {
        if (!(peak > 0) || Double.isInfinite(peak) || !(warmup >= 0 && warmup < 1) || !(finalFraction >= 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("a schedule needs a peak learning rate > 0, a warmup share in [0, 1) and a final "
                    + "fraction in [0, 1] (got " + peak + ", " + warmup + ", " + finalFraction + ")");
        }
    }

    /** The rate once {@code progress} of the budget is spent (beyond 1: the final rate). */
    public double at(double progress) {
        if (progress < warmup) {
            return peak * progress / warmup;
        }
        double decay = Math.min(1.0, (progress - warmup) / (1 - warmup));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * decay));   // 1 -> 0
        return peak * (finalFraction + (1 - finalFraction) * cosine);
    }
}
