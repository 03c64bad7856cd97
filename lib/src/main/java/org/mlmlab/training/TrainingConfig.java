package org.mlmlab.training;

import org.mlmlab.LearningRateDecay;
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
 * @param decay               how the rate falls from the peak to the final rate
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
                             LearningRateDecay decay, AdamW.Settings adam, double clipNorm, MaskingConfig masking, BatchLayout layout,
                             int evaluateEvery, int evaluationSentences, int checkpointEvery, int keepCheckpoints, long seed) {

    public TrainingConfig {
        if (budget == null || decay == null || adam == null || masking == null || layout == null) {
            throw new IllegalArgumentException("a training config needs a budget, a decay, AdamW settings, masking and a layout "
                    + "(a checkpoint saved by an older version of the lab lacks them: train again)");
        }
        if (batchRows < 1 || evaluateEvery < 1 || checkpointEvery < 1 || keepCheckpoints < 1 || evaluationSentences < 1) {
            throw new IllegalArgumentException("batchRows, evaluateEvery, checkpointEvery, keepCheckpoints and "
                    + "evaluationSentences must be at least 1");
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("the clipping norm must be 0 (no clipping) or more, not " + clipNorm);
        }
        new LearningRateSchedule(learningRate, warmup, finalLearningRate, decay);   // refuses an impossible schedule now, not at the first step
    }

    /** The preset's run (see {@link Preset}); every setting it does not name keeps the {@link Builder}'s default. */
    public static TrainingConfig of(Preset preset) {
        Preset.Sizes sizes = preset.sizes;
        return builder()
                .budget(sizes.minutes() > 0 ? TrainingBudget.ofMinutes(sizes.minutes()) : TrainingBudget.ofSteps(sizes.steps()))
                .batchRows(sizes.batchRows())
                .learningRate(sizes.learningRate())
                .warmup(sizes.warmup())
                .evaluateEvery(sizes.evaluateEvery())
                .evaluationSentences(sizes.evaluationSentences())
                .checkpointEvery(sizes.checkpointEvery())
                .keepCheckpoints(sizes.keepCheckpoints())
                .masking(MaskingConfig.seed().withRate(sizes.maskRate()))
                .finalLearningRate(sizes.finalLearningRate())
                .decay(sizes.decay())
                .build();
    }

    /** A config set by name, from the defaults below. */
    public static Builder builder() {
        return new Builder();
    }

    /** This config as a builder, to change some settings by name. */
    public Builder toBuilder() {
        return new Builder().budget(budget).batchRows(batchRows).learningRate(learningRate).warmup(warmup)
                .finalLearningRate(finalLearningRate).decay(decay).adam(adam).clipNorm(clipNorm).masking(masking).layout(layout)
                .evaluateEvery(evaluateEvery).evaluationSentences(evaluationSentences).checkpointEvery(checkpointEvery)
                .keepCheckpoints(keepCheckpoints).seed(seed);
    }

    /** Every setting by name, with the lab's defaults; {@link #build()} checks them. */
    public static final class Builder {
        private TrainingBudget budget = TrainingBudget.ofSteps(1_000);
        private int batchRows = 16;
        private double learningRate = 1e-3;
        private double warmup = 0.05;
        private double finalLearningRate = 0.1;
        private LearningRateDecay decay = LearningRateDecay.COSINE;
        private AdamW.Settings adam = AdamW.Settings.standard();
        private double clipNorm = 1.0;
        private MaskingConfig masking = MaskingConfig.seed();
        private BatchLayout layout = BatchLayout.packed(Preset.MAX_LENGTH, false);
        private int evaluateEvery = 250;
        private int evaluationSentences = 1_000;
        private int checkpointEvery = 500;
        private int keepCheckpoints = 2;
        private long seed = Preset.RANDOM_SEED;

        private Builder() {
        }

        public Builder budget(TrainingBudget b) { budget = b; return this; }
        public Builder batchRows(int rows) { batchRows = rows; return this; }
        public Builder learningRate(double peak) { learningRate = peak; return this; }
        public Builder warmup(double share) { warmup = share; return this; }
        public Builder finalLearningRate(double fraction) { finalLearningRate = fraction; return this; }
        public Builder decay(LearningRateDecay d) { decay = d; return this; }
        public Builder adam(AdamW.Settings settings) { adam = settings; return this; }
        public Builder clipNorm(double maxNorm) { clipNorm = maxNorm; return this; }
        public Builder masking(MaskingConfig m) { masking = m; return this; }
        public Builder layout(BatchLayout l) { layout = l; return this; }
        public Builder evaluateEvery(int steps) { evaluateEvery = steps; return this; }
        public Builder evaluationSentences(int n) { evaluationSentences = n; return this; }
        public Builder checkpointEvery(int steps) { checkpointEvery = steps; return this; }
        public Builder keepCheckpoints(int n) { keepCheckpoints = n; return this; }
        public Builder seed(long s) { seed = s; return this; }

        public TrainingConfig build() {
            return new TrainingConfig(budget, batchRows, learningRate, warmup, finalLearningRate, decay, adam, clipNorm, masking, layout,
                    evaluateEvery, evaluationSentences, checkpointEvery, keepCheckpoints, seed);
        }
    }

    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(learningRate, warmup, finalLearningRate, decay);
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
                String.format("learning rate   peak %.1e, linear warmup over the first %.0f%% of the budget, %s",
                        learningRate, 100 * warmup, schedule().describeDecay()),
                String.format("AdamW           betas (%.2f, %.3f), epsilon %.0e, weight decay %.2f on the linear layers' matrices",
                        adam.beta1(), adam.beta2(), adam.epsilon(), adam.weightDecay()),
                "clipping        " + (clipNorm > 0 ? String.format("global gradient norm at most %.2f", clipNorm) : "none"),
                String.format("evaluation      every %,d steps on %,d validation sentences with fixed 15%% masks", evaluateEvery, evaluationSentences),
                String.format("checkpoints     every %,d steps, every %.0f minutes of training and at the end, the newest %d kept",
                        checkpointEvery, MlmTrainer.CHECKPOINT_SECONDS / 60, keepCheckpoints),
                "seed            " + seed);
    }

    public TrainingConfig withBudget(TrainingBudget b) {
        return toBuilder().budget(b).build();
    }

    public TrainingConfig withSteps(int n) {
        return withBudget(TrainingBudget.ofSteps(n));
    }

    public TrainingConfig withMinutes(double minutes) {
        return withBudget(TrainingBudget.ofMinutes(minutes));
    }

    public TrainingConfig withBatchRows(int rows) {
        return toBuilder().batchRows(rows).build();
    }

    public TrainingConfig withLearningRate(double peak) {
        return toBuilder().learningRate(peak).build();
    }

    public TrainingConfig withWarmup(double share) {
        return toBuilder().warmup(share).build();
    }

    public TrainingConfig withFinalLearningRate(double fraction) {
        return toBuilder().finalLearningRate(fraction).build();
    }

    public TrainingConfig withDecay(LearningRateDecay d) {
        return toBuilder().decay(d).build();
    }

    public TrainingConfig withAdam(AdamW.Settings settings) {
        return toBuilder().adam(settings).build();
    }

    public TrainingConfig withClipNorm(double maxNorm) {
        return toBuilder().clipNorm(maxNorm).build();
    }

    public TrainingConfig withMasking(MaskingConfig m) {
        return toBuilder().masking(m).build();
    }

    public TrainingConfig withLayout(BatchLayout l) {
        return toBuilder().layout(l).build();
    }

    public TrainingConfig withEvaluateEvery(int n) {
        return toBuilder().evaluateEvery(n).build();
    }

    public TrainingConfig withCheckpointEvery(int n) {
        return toBuilder().checkpointEvery(n).build();
    }
}
