package org.mlmlab.training;

import java.io.IOException;
import java.nio.file.Path;

/** Watches a run: progress bars, live charts, sample predictions. Every method is optional. */
public interface TrainingListener {
    default void onStart(MlmTrainer trainer) {
    }

    default void onStep(MlmTrainer trainer, StepResult step) {
    }

    default void onEvaluation(MlmTrainer trainer, long step, Evaluation evaluation) {
    }

    /**
     * A checkpoint is being written into {@code folder}: a record the listener keeps of the run goes in
     * here too, so that it is committed with the weights and a resume finds both at the same step.
     */
    default void onCheckpointWrite(MlmTrainer trainer, Path folder) throws IOException {
    }

    /** A checkpoint was committed (after {@link #onCheckpointWrite}). */
    default void onCheckpoint(MlmTrainer trainer, Path checkpoint) {
    }

    default void onEnd(MlmTrainer trainer) {
    }
}
