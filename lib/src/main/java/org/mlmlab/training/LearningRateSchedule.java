package org.mlmlab.training;

import org.mlmlab.LearningRateDecay;

/**
 * The learning rate along a run, as a function of how much of its budget is spent (0 to 1, see
 * {@link TrainingBudget#progress}): a linear warmup from 0 to the peak (Adam's moment estimates
 * are noisy at first, and big early steps can wreck the fresh model), then a decay of the given
 * {@link LearningRateDecay} down to {@code finalFraction} of the peak at the end of the budget (small steps at
 * the end settle the weights).
 *
 * @param peak          the highest learning rate, reached at the end of the warmup
 * @param warmup        the share of the budget spent warming up
 * @param finalFraction the rate at the end of the budget, as a fraction of the peak
 * @param decay         how the rate falls from the peak to the final rate
 */
public record LearningRateSchedule(double peak, double warmup, double finalFraction, LearningRateDecay decay) {

    public LearningRateSchedule {
        if (!(peak > 0) || Double.isInfinite(peak) || !(warmup >= 0 && warmup < 1) || !(finalFraction >= 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("a schedule needs a peak learning rate > 0, a warmup share in [0, 1) and a final "
                    + "fraction in [0, 1] (got " + peak + ", " + warmup + ", " + finalFraction + ")");
        }
        if (decay == null) {
            throw new IllegalArgumentException("a schedule needs a decay: " + java.util.Arrays.toString(LearningRateDecay.values()));
        }
        if (decay == LearningRateDecay.WARMUP_STABLE_DECAY && warmup > 1 - LearningRateDecay.DECAY_SHARE) {
            throw new IllegalArgumentException("warmup-stable-decay decays over the last " + Math.round(100 * LearningRateDecay.DECAY_SHARE)
                    + "% of the budget, so its warmup can take at most " + Math.round(100 * (1 - LearningRateDecay.DECAY_SHARE)) + "%, not "
                    + Math.round(100 * warmup) + "%");
        }
    }

    /** The rate once {@code progress} of the budget is spent (beyond 1: the final rate). */
    public double at(double progress) {
        if (progress < warmup) {
            return peak * progress / warmup;
        }
        double remaining = switch (decay) {   // 1 at the peak, 0 at the final rate
            case COSINE -> 0.5 * (1 + Math.cos(Math.PI * decayed(progress, warmup)));
            case LINEAR -> 1 - decayed(progress, warmup);
            case WARMUP_STABLE_DECAY -> 1 - decayed(progress, Math.max(warmup, 1 - LearningRateDecay.DECAY_SHARE));
        };
        return peak * (finalFraction + (1 - finalFraction) * remaining);
    }

    /** How far the decay that starts at {@code start} has gone once {@code progress} of the budget is spent: 0 to 1. */
    private static double decayed(double progress, double start) {
        return Math.max(0, Math.min(1.0, (progress - start) / (1 - start)));
    }

    /** The decay in words, as {@link TrainingConfig#describe()} prints it. */
    public String describeDecay() {
        String to = String.format("%.0f%% of the peak", 100 * finalFraction);
        return switch (decay) {
            case COSINE -> "cosine down to " + to;
            case LINEAR -> "linear down to " + to;
            case WARMUP_STABLE_DECAY -> String.format("held at the peak, then linear down to %s over the last %.0f%% of the budget", to,
                    100 * LearningRateDecay.DECAY_SHARE);
        };
    }
}
