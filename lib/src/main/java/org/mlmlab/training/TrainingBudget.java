package org.mlmlab.training;

/**
 * How long a run trains: a number of optimizer steps, or minutes of training time. The
 * learning-rate schedule is laid over the budget either way, by the fraction of it spent, so a
 * timed run ends fully decayed however fast the machine is (a slow laptop makes fewer steps in
 * the same minutes, a workstation more).
 *
 * @param steps   optimizer steps, or 0 for a timed budget
 * @param minutes minutes of training time (evaluations and checkpoints not counted), or 0 for a step budget
 */
public record TrainingBudget(int steps, double minutes) {

    public TrainingBudget {
        if (steps < 0 || !(minutes >= 0) || Double.isInfinite(minutes) || (steps > 0) == (minutes > 0)) {
            throw new IllegalArgumentException("a training budget is a positive number of steps or of minutes, one of the two (got "
                    + steps + " steps and " + minutes + " minutes)");
        }
    }

    public static TrainingBudget ofSteps(int steps) {
        return new TrainingBudget(steps, 0);
    }

    public static TrainingBudget ofMinutes(double minutes) {
        return new TrainingBudget(0, minutes);
    }

    public boolean timed() {
        return minutes > 0;
    }

    /** How much of the budget a run has used after {@code step} steps and {@code seconds} of training: 0 at the start, 1 at the end. */
    public double progress(long step, double seconds) {
        return timed() ? seconds / (60 * minutes) : (double) step / steps;
    }

    /** The budget is used up (with room for the rounding of summed step times). */
    public boolean spent(long step, double seconds) {
        return progress(step, seconds) >= 1 - 1e-9;
    }

    @Override
    public String toString() {
        return timed() ? String.format("%s minutes of training", minutes == Math.rint(minutes) ? String.valueOf((long) minutes) : minutes)
                : String.format("%,d steps", steps);
    }
}
