package org.mlmlab.training;

import org.mlmlab.Preset;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskingConfig;

/**
 * Every knob of a training run, in one place. Lessons start from {@link #of(Preset)} and change
 * what they want with the {@code with...} methods.
 *
 * @param steps               optimizer updates in the run (the schedule is laid out over them)
 * @param batchRows           rows per batch (sentences, or packed rows of several sentences)
 * @param learningRate        the schedule's peak
 * @param warmupSteps         linear warmup at the start
 * @param finalLearningRate   the last step's rate, as a fraction of the peak
 * @param adam                AdamW's betas, epsilon and weight decay
 * @param clipNorm            global gradient-norm limit (0: no clipping)
 * @param masking             how training batches are masked (evaluation always uses 15% [MASK])
 * @param layout              how sentences fill a batch's rows
 * @param evaluateEvery       steps between evaluations on the validation set
 * @param evaluationSentences validation sentences scored at each evaluation (fixed masks)
 * @param checkpointEvery     steps between checkpoints (one is always saved at the end)
 * @param keepCheckpoints     how many recent checkpoints stay on disk
 * @param maxMinutes          stop early after this much training time (0: no limit); the
 *                            schedule still follows {@code steps}
 * @param seed                data order, masks and initialisation
 */
public record TrainingConfig(int steps, int batchRows, double learningRate, int warmupSteps, double finalLearningRate,
                             AdamW.Settings adam, double clipNorm, MaskingConfig masking, BatchLayout layout,
                             int evaluateEvery, int evaluationSentences, int checkpointEvery, int keepCheckpoints,
                             double maxMinutes, long seed) {

    public TrainingConfig {
        if (steps < 1 || batchRows < 1 || evaluateEvery < 1 || checkpointEvery < 1 || keepCheckpoints < 1 || evaluationSentences < 1) {
            throw new IllegalArgumentException("steps, batchRows, evaluateEvery, checkpointEvery, keepCheckpoints and "
                    + "evaluationSentences must be at least 1");
        }
    }

    /** The presets' runs. The lab preset's 2,500 steps take about 8.5 minutes on a 2-core CPU. */
    public static TrainingConfig of(Preset preset) {
        BatchLayout packed = BatchLayout.packed(Preset.MAX_LENGTH, false);
        return switch (preset) {
            case TINY -> new TrainingConfig(40, 8, 3e-3, 8, 0.1, AdamW.Settings.standard(), 1.0, MaskingConfig.seed(),
                    packed, 20, 100, 20, 2, 0, Preset.RANDOM_SEED);
            case LAB -> new TrainingConfig(2500, 16, 2e-3, 100, 0.1, AdamW.Settings.standard(), 1.0, MaskingConfig.seed(),
                    packed, 250, 1000, 500, 2, 0, Preset.RANDOM_SEED);
            case SEED -> new TrainingConfig(4000, 32, 1e-3, 200, 0.1, AdamW.Settings.standard(), 1.0, MaskingConfig.seed(),
                    packed, 500, 2000, 1000, 2, 0, Preset.RANDOM_SEED);
            case GPU -> new TrainingConfig(20000, 64, 5e-4, 1000, 0.1, AdamW.Settings.standard(), 1.0, MaskingConfig.seed(),
                    packed, 1000, 4000, 2000, 3, 0, Preset.RANDOM_SEED);
        };
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, Math.min(warmupSteps, steps), steps, finalLearningRate);
    }

    public TrainingConfig withSteps(int n) {
        return new TrainingConfig(n, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withBatchRows(int rows) {
        return new TrainingConfig(steps, rows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withLearningRate(double peak) {
        return new TrainingConfig(steps, batchRows, peak, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withWarmupSteps(int n) {
        return new TrainingConfig(steps, batchRows, learningRate, n, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withAdam(AdamW.Settings settings) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, settings, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withClipNorm(double maxNorm) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, maxNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withMasking(MaskingConfig m) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, m, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withLayout(BatchLayout l) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, l,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withEvaluateEvery(int n) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                n, evaluationSentences, checkpointEvery, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withCheckpointEvery(int n) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, n, keepCheckpoints, maxMinutes, seed);
    }

    public TrainingConfig withMaxMinutes(double minutes) {
        return new TrainingConfig(steps, batchRows, learningRate, warmupSteps, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, minutes, seed);
    }
}
