package org.mlmlab.training;

import java.nio.file.Path;

/** Watches a run: progress bars, live charts, sample predictions. Every method is optional. */
public interface TrainingListener {
    default void onStart(MlmTrainer trainer) {
    }

    default void onStep(MlmTrainer trainer, StepResult step) {
    }

    default void onEvaluation(MlmTrainer trainer, long step, Evaluation evaluation) {
    }

    default void onCheckpoint(MlmTrainer trainer, Path checkpoint) {
    }

    default void onEnd(MlmTrainer trainer) {
    }
}
