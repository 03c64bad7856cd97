package org.mlmlab.training;

import org.mlmlab.Preset;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.visualisation.RecoveryRecorder;

import java.nio.file.Path;
import java.util.List;

/**
 * The training {@link CheckpointKillTest} kills: a fresh run of {@link MlmTrainerTest#config} with
 * checkpoints every 4 steps, or a resume of it, as a program of its own. Arguments: RUN_DIR TOKENIZER_DIR fresh|resume [slow]
 * (slow: a third of a second a step, each step announced, so that a test can end it mid-run).
 */
public final class KillableRun {
    static final int STEPS = 12;

    static TrainingConfig config() {
        return MlmTrainerTest.config(STEPS).withEvaluateEvery(4).withCheckpointEvery(4);
    }

    public static void main(String[] args) {
        Path run = Path.of(args[0]);
        var split = ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED);
        try (LabTokenizer tokenizer = LabTokenizer.load(Path.of(args[1]), Preset.MAX_LENGTH);
             MlmTrainer trainer = args[2].equals("resume") ? MlmTrainer.resume(run, tokenizer, split)
                     : MlmTrainer.create(run, org.mlmlab.ToyModel.tiny(tokenizer), config(), tokenizer, split, MlmTrainer.IfRunExists.FAIL)) {
            TrainingListener pace = new TrainingListener() {
                @Override
                public void onStep(MlmTrainer t, StepResult step) {
                    System.out.println("step " + step.step());
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            boolean slow = args.length > 3 && args[3].equals("slow");
            trainer.train(slow ? List.of(RecoveryRecorder.forRun(trainer), pace) : List.of(RecoveryRecorder.forRun(trainer)));
            if (!trainer.finished()) {
                return;   // ended by a signal: the checkpoint is saved
            }
        }
        System.out.println("done");
    }
}
