package org.mlmlab.visualisation;

import org.mlmlab.notebook.LiveOutput;
import org.mlmlab.notebook.Notebook;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingListener;

/**
 * The loss/accuracy chart, redrawn in place while the run goes: after every evaluation, and
 * between evaluations at most every few seconds (drawing a PNG takes tens of milliseconds).
 */
public final class LiveTrainingChart implements TrainingListener {
    private static final long REDRAW_NANOS = 5_000_000_000L;
    private LiveOutput output;
    private long lastDraw;
    private int rowsDrawn;

    @Override
    public void onStart(MlmTrainer trainer) {
        output = Notebook.live(TrainingCurves.chart(trainer.metrics()));
        lastDraw = System.nanoTime();
    }

    @Override
    public void onStep(MlmTrainer trainer, StepResult step) {
        int rows = trainer.metrics().rows().size();
        if (rows != rowsDrawn && System.nanoTime() - lastDraw > REDRAW_NANOS) {
            redraw(trainer);
        }
    }

    @Override
    public void onEvaluation(MlmTrainer trainer, long step, Evaluation evaluation) {
        redraw(trainer);
    }

    @Override
    public void onEnd(MlmTrainer trainer) {
        redraw(trainer);
    }

    private void redraw(MlmTrainer trainer) {
        rowsDrawn = trainer.metrics().rows().size();
        output.update(TrainingCurves.chart(trainer.metrics()));
        lastDraw = System.nanoTime();
    }
}
