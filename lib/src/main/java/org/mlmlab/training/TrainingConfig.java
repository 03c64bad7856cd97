package org.mlmlab.training;

import org.mlmlab.Preset;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskingConfig;

/**
 * Every knob of a training run, in one place. Lessons start from {@link #of(Preset)} and change
 * what they want with the {@code with...} methods; {@link #describe()} prints them all.
 *
 * @param budget              how long the run trains: steps, or minutes of training (the schedule is laid over it)
 * @param batchRows           rows per batch (sentences, or packed rows of several sentences)
 * @param learningRate        the schedule's peak
 * @param warmup              the share of the budget spent in the linear warmup
 * @param finalLearningRate   the rate at the end of the budget, as a fraction of the peak
 * @param adam                AdamW's betas, epsilon and weight decay
 * @param clipNorm            global gradient-norm limit (0: no clipping)
 * @param masking             how training batches are masked (evaluation always uses 15% [MASK])
 * @param layout              how sentences fill a batch's rows
 * @param evaluateEvery       steps between evaluations on the validation set
 * @param evaluationSentences validation sentences scored at each evaluation (fixed masks)
 * @param checkpointEvery     steps between checkpoints (one is always saved at the end)
 * @param keepCheckpoints     how many recent checkpoints stay on disk
 * @param seed                data order, masks and initialisation
 */
public record TrainingConfig(TrainingBudget budget, int batchRows, double learningRate, double warmup, double finalLearningRate,
                             AdamW.Settings adam, double clipNorm, MaskingConfig masking, BatchLayout layout,
                             int evaluateEvery, int evaluationSentences, int checkpointEvery, int keepCheckpoints, long seed) {

    public TrainingConfig {
        if (budget == null || adam == null || masking == null || layout == null) {
            throw new IllegalArgumentException("a training config needs a budget, AdamW settings, masking and a layout "
                    + "(a checkpoint saved by an older version of the lab lacks them: train again)");
        }
        if (batchRows < 1 || evaluateEvery < 1 || checkpointEvery < 1 || keepCheckpoints < 1 || evaluationSentences < 1) {
            throw new IllegalArgumentException("batchRows, evaluateEvery, checkpointEvery, keepCheckpoints and "
                    + "evaluationSentences must be at least 1");
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("the clipping norm must be 0 (no clipping) or more, not " + clipNorm);
        }
        schedule(learningRate, warmup, finalLearningRate);   // refuses an impossible schedule now, not at the first step
    }

    /**
     * The presets' runs. The lab preset trains for a time budget: 4 minutes of training make the
     * whole main job about 10 minutes on a 2-core CPU, and the same on a faster machine, which
     * simply makes more steps in them.
     */
    public static TrainingConfig of(Preset preset) {
        BatchLayout packed = BatchLayout.packed(Preset.MAX_LENGTH, false);
        return switch (preset) {
            case TINY -> new TrainingConfig(TrainingBudget.ofSteps(40), 8, 3e-3, 0.2, 0.1, AdamW.Settings.standard(), 1.0,
                    MaskingConfig.seed(), packed, 20, 100, 20, 2, Preset.RANDOM_SEED);
            case LAB -> new TrainingConfig(TrainingBudget.ofMinutes(4), 16, 2e-3, 0.04, 0.1, AdamW.Settings.standard(), 1.0,
                    MaskingConfig.seed(), packed, 250, 1000, 500, 2, Preset.RANDOM_SEED);
            case SEED -> new TrainingConfig(TrainingBudget.ofSteps(4000), 32, 1e-3, 0.05, 0.1, AdamW.Settings.standard(), 1.0,
                    MaskingConfig.seed(), packed, 500, 2000, 1000, 2, Preset.RANDOM_SEED);
            case GPU -> new TrainingConfig(TrainingBudget.ofSteps(20000), 64, 5e-4, 0.05, 0.1, AdamW.Settings.standard(), 1.0,
                    MaskingConfig.seed(), packed, 1000, 4000, 2000, 3, Preset.RANDOM_SEED);
        };
    }

    public LearningRateSchedule schedule() {
        return schedule(learningRate, warmup, finalLearningRate);
    }

    private static LearningRateSchedule schedule(double peak, double warmup, double finalFraction) {
        return new LearningRateSchedule(peak, warmup, finalFraction);
    }

    /** Every setting, one per line, as lesson 5 and {@code ./lab train} print them. */
    public String describe() {
        MaskingConfig m = masking;
        return String.join("\n",
                "budget          " + budget,
                "batch           " + batchRows + " rows of " + layout.maxLength() + " tokens, " + switch (layout.padding()) {
                    case PACKED -> "sentences packed side by side" + (layout.attendAcrossSentences() ? ", seeing each other" : ", each attending to itself");
                    case FIXED -> "one sentence a row, padded to " + layout.maxLength();
                    case LONGEST -> "one sentence a row, padded to the longest";
                },
                String.format("masking         %.0f%% of real tokens%s%s", 100 * m.rate(), m.bertReplacement() ? ", BERT's 80/10/10" : ", all [MASK]",
                        m.wholeWord() ? ", whole words" : ""),
                String.format("learning rate   peak %.1e, linear warmup over the first %.0f%% of the budget, cosine down to %.0f%% of the peak",
                        learningRate, 100 * warmup, 100 * finalLearningRate),
                String.format("AdamW           betas (%.2f, %.3f), epsilon %.0e, weight decay %.2f on the linear layers' matrices",
                        adam.beta1(), adam.beta2(), adam.epsilon(), adam.weightDecay()),
                "clipping        " + (clipNorm > 0 ? String.format("global gradient norm at most %.2f", clipNorm) : "none"),
                String.format("evaluation      every %,d steps on %,d validation sentences with fixed 15%% masks", evaluateEvery, evaluationSentences),
                String.format("checkpoints     every %,d steps, every %.0f minutes of training and at the end, the newest %d kept",
                        checkpointEvery, MlmTrainer.CHECKPOINT_SECONDS / 60, keepCheckpoints),
                "seed            " + seed);
    }

    public TrainingConfig withBudget(TrainingBudget b) {
        return new TrainingConfig(b, batchRows, learningRate, warmup, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withSteps(int n) {
        return withBudget(TrainingBudget.ofSteps(n));
    }

    public TrainingConfig withMinutes(double minutes) {
        return withBudget(TrainingBudget.ofMinutes(minutes));
    }

    public TrainingConfig withBatchRows(int rows) {
        return new TrainingConfig(budget, rows, learningRate, warmup, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withLearningRate(double peak) {
        return new TrainingConfig(budget, batchRows, peak, warmup, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withWarmup(double share) {
        return new TrainingConfig(budget, batchRows, learningRate, share, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withAdam(AdamW.Settings settings) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, settings, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withClipNorm(double maxNorm) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, adam, maxNorm, masking, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withMasking(MaskingConfig m) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, adam, clipNorm, m, layout,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withLayout(BatchLayout l) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, adam, clipNorm, masking, l,
                evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withEvaluateEvery(int n) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, adam, clipNorm, masking, layout,
                n, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
    }

    public TrainingConfig withCheckpointEvery(int n) {
        return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, adam, clipNorm, masking, layout,
                evaluateEvery, evaluationSentences, n, keepCheckpoints, seed);
    }
}
