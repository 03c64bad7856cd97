package org.mlmlab.training;

import java.util.List;

import org.mlmlab.notebook.Notebook;
import org.mlmlab.notebook.Progress;

/**
 * The progress bar of a run: step, smoothed loss, tokens per second and the latest validation
 * accuracy, with elapsed time and ETA. In place in a notebook; one line in a terminal.
 */
public final class TrainingProgress implements TrainingListener {
    /** Weight of the newest step in the smoothed figures: about the last 20 steps count. */
    private static final double SMOOTHING = 0.05;
    private Progress bar;
    private double loss = Double.NaN;
    private double speed = Double.NaN;
    private String validation = "";

    @Override
    public void onStart(MlmTrainer trainer) {
        TrainingBudget budget = trainer.config().budget();
        // A timed run counts seconds of training, a step budget steps.
        bar = budget.timed() ? Notebook.progress("seconds of training", Math.round(budget.minutes() * 60))
                : Notebook.progress("step", budget.steps());
        bar.update(done(trainer), "starting");
    }

    @Override
    public void onStep(MlmTrainer trainer, StepResult step) {
        loss = Double.isNaN(loss) ? step.loss() : loss + SMOOTHING * (step.loss() - loss);
        speed = Double.isNaN(speed) ? step.tokensPerSecond() : speed + SMOOTHING * (step.tokensPerSecond() - speed);
        String at = trainer.config().budget().timed() ? String.format("step %,d | ", step.step()) : "";
        bar.update(done(trainer), String.format("%sloss %.3f | %,.0f tokens/s | lr %.1e%s", at, loss, speed, step.learningRate(), validation));
    }

    private static long done(MlmTrainer trainer) {
        return trainer.config().budget().timed() ? (long) trainer.state().seconds() : trainer.state().step();
    }

    @Override
    public void onEvaluation(MlmTrainer trainer, long step, Evaluation evaluation) {
        validation = String.format(" | val accuracy %.1f%%", 100 * evaluation.accuracy());
    }

    /**
     * The last line says where the run ended: its final validation accuracy (the evaluation at the end
     * comes after the last step's line) and the speed of the metrics' last row, the figure the table shows.
     */
    @Override
    public void onEnd(MlmTrainer trainer) {
        List<MetricsLog.Row> rows = trainer.metrics().rows();
        if (!rows.isEmpty()) {
            MetricsLog.Row last = rows.get(rows.size() - 1);
            bar.update(done(trainer), String.format("done: step %,d | loss %.3f | %,.0f tokens/s%s", trainer.state().step(), last.trainLoss(),
                    last.tokensPerSecond(), validation));
        }
        bar.close();
    }
}
