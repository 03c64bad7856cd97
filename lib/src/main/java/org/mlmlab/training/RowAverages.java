package org.mlmlab.training;

/** The steps since the last row of metrics, averaged into the next row. */
final class RowAverages {
    private double loss;
    private double norm;
    private double seconds;
    private long tokens;
    private int steps;

    void add(StepResult step) {
        loss += step.loss();
        norm += step.gradientNorm();
        seconds += step.seconds();
        tokens += step.tokens();
        steps++;
    }

    /** Adds the averaged row to {@code metrics} (nothing when no step was made since the last), and starts over. */
    void logInto(MetricsLog metrics, TrainingState state, double learningRate) {
        if (steps == 0) {
            return;
        }
        metrics.add(new MetricsLog.Row(state.step(), state.epoch(), learningRate, loss / steps, norm / steps, tokens / seconds,
                state.seconds(), Double.NaN, Double.NaN, Double.NaN));
        loss = 0;
        norm = 0;
        seconds = 0;
        tokens = 0;
        steps = 0;
    }
}
