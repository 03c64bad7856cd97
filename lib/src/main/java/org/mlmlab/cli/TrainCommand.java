package org.mlmlab.cli;

import org.mlmlab.LearningRateDecay;
import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.ResidentMemory;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.masking.MaskingConfig;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MetricsLog;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.RunFolder;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingListener;
import org.mlmlab.training.TrainingProgress;
import org.mlmlab.visualisation.RecoveryRecorder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./lab train}: lesson 5's training outside the notebook, with the same code, progress, checkpoints and metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the masked language model of a preset on its split and tokenizer (made as lessons 1-2 make them if missing), "
                + "as a named run in data/runs/PRESET/NAME. Settings not given are the preset's (lesson 5's).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "tiny, lab, seed or gpu. Default: MLM_LAB_PRESET, else lab.")
    String preset;

    @ArgGroup(exclusive = true)
    Where where = new Where();

    static final class Where {
        @Option(names = "--name", description = "The run's name: data/runs/PRESET/NAME. Default: main, the run lessons 6 and 7 read.")
        String name;

        @Option(names = "--out", description = "A run folder anywhere, instead of a named run.")
        Path out;
    }

    @ArgGroup(exclusive = true)
    Budget budget;

    static final class Budget {
        @Option(names = "--steps", description = "Train for this many optimizer steps (the schedule spans them).")
        Integer steps;

        @Option(names = "--minutes", description = "Train for this many minutes of training time (the schedule spans them).")
        Double minutes;
    }

    @Option(names = "--lr", description = "Peak learning rate.")
    Double learningRate;

    @Option(names = "--warmup", description = "Share of the budget spent warming up (0 to 1).")
    Double warmup;

    @Option(names = "--final-lr", description = "The learning rate at the end of the budget, as a share of the peak (0 to 1).")
    Double finalLearningRate;

    @Option(names = "--decay", description = "How the learning rate falls after the warmup: ${COMPLETION-CANDIDATES} "
            + "(warmup-stable-decay holds the peak, then falls over the last 20%% of the budget). Default: the preset's.")
    LearningRateDecay decay;

    @Option(names = "--weight-decay", description = "AdamW's weight decay (on the linear layers' matrices).")
    Double weightDecay;

    @Option(names = "--clip", description = "Largest global gradient norm; 0: no clipping.")
    Double clip;

    @Option(names = "--batch-rows", description = "Rows per batch.")
    Integer batchRows;

    @Option(names = "--mask-rate", description = "Share of tokens masked in training batches (evaluation always uses 0.15).")
    Double maskRate;

    @Option(names = "--bert-masking", description = "BERT's 80/10/10: of the selected tokens, 10%% random and 10%% unchanged.")
    boolean bertMasking;

    @Option(names = "--whole-words", description = "Mask whole words (a word and its ## pieces together).")
    boolean wholeWords;

    @Option(names = "--dim", description = "Width of the model's vectors.")
    Integer dim;

    @Option(names = "--heads", description = "Attention heads (dim must divide by them).")
    Integer heads;

    @Option(names = "--layers", description = "Encoder layers.")
    Integer layers;

    @Option(names = "--feed-forward-ratio", description = "How many times dim each layer's feed-forward block widens to (BERT: 4). Default: the preset's.")
    Integer feedForwardRatio;

    @Option(names = "--tied-head", arity = "0..1", fallbackValue = "true",
            description = "true: the output head shares the token embedding table (BERT's way); false: a head of its own.")
    Boolean tiedHead;

    @Option(names = "--evaluate-every", description = "Steps between evaluations.")
    Integer evaluateEvery;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (a kill loses at most these). Default: the preset's.")
    Integer checkpointEvery;

    @Option(names = "--resume", description = "Continue the run from its latest checkpoint, with its own settings.")
    boolean resume;

    @Option(names = "--fresh", description = "Start over even if the run exists (its checkpoints and metrics are deleted).")
    boolean fresh;

    @Override
    public Integer call() {
        checkOptions();
        Preset p = preset == null ? Lab.preset() : Preset.named(preset);
        LessonFiles files = new LessonFiles(p);
        Path runDir = where.out != null ? where.out : files.runDir(where.name != null ? where.name : LessonFiles.MAIN_RUN);
        if (resume && (budget != null || changesSettings())) {
            throw new IllegalArgumentException("--resume continues the run with its own settings and budget; to train with others, "
                    + "start a new run (--name NEW_NAME, or --fresh to replace this one).");
        }
        System.out.println(Lab.describe(p));
        Corpus.Split split = files.split();
        try (LabTokenizer tokenizer = files.tokenizer();
             MlmTrainer trainer = resume ? MlmTrainer.resume(runDir, tokenizer, split) : newRun(p, tokenizer, split, runDir)) {
            if (resume && trainer.finished()) {
                System.out.printf("The run in %s has finished its budget of %s (%d steps made): nothing to resume. To train "
                        + "longer, start a new run with a larger budget (--name NEW_NAME --steps N or --minutes M).%n",
                        runDir.toAbsolutePath(), trainer.config().budget(), trainer.state().step());
                return 0;
            }
            TrainingConfig c = trainer.config();
            System.out.printf("Model: %s.%nTraining:%n%s%nData: %,d training sentences, %,d validation sentences.%n",
                    trainer.model().config().describe(), c.describe().indent(2).stripTrailing(), trainer.data().train().sequenceCount(),
                    trainer.data().validation().size());
            System.out.printf("%s at step %d (%.0f%% of the budget) into %s%n", resume ? "Resuming" : "Starting", trainer.state().step(),
                    100 * trainer.progress(), runDir.toAbsolutePath());
            TrainingListener report = new TrainingListener() {
                @Override
                public void onEvaluation(MlmTrainer t, long step, Evaluation e) {
                    System.out.printf("%nstep %d: %s%n", step, e);
                }
            };
            Evaluation last = trainer.train(List.of(new TrainingProgress(), report, RecoveryRecorder.forRun(trainer)));
            if (!trainer.finished()) {
                return 143;   // told to end (SIGTERM): the checkpoint is saved, say no more
            }
            System.out.printf("Done after %d steps, %,d tokens in %.0f s of training (peak resident memory %.0f MB).%nFinal: %s%n",
                    trainer.state().step(), trainer.state().tokensSeen(), trainer.state().seconds(), ResidentMemory.peakMegabytes(), last);
            System.out.printf("Checkpoints in %s, metrics in %s%n", RunFolder.at(runDir).checkpointsDirectory().toAbsolutePath(),
                    runDir.resolve(MetricsLog.FILE).toAbsolutePath());
        }
        return 0;
    }

    /** Each option's range, checked first, so a wrong value is refused in the option's own words. */
    private void checkOptions() {
        if (budget != null) {
            OptionCheck.positive("--steps", budget.steps);
            OptionCheck.positive("--minutes", budget.minutes, "4");
        }
        OptionCheck.positive("--lr", learningRate, "2e-3");
        OptionCheck.require("--warmup", warmup, warmup != null && warmup >= 0 && warmup < 1, "a share from 0 up to (not including) 1, e.g. 0.04");
        OptionCheck.require("--final-lr", finalLearningRate, finalLearningRate != null && finalLearningRate >= 0 && finalLearningRate <= 1,
                "a share of the peak from 0 to 1, e.g. 0.1");
        OptionCheck.notNegative("--weight-decay", weightDecay, "0 or more, e.g. 0.01");
        OptionCheck.notNegative("--clip", clip, "0 (no clipping) or more, e.g. 1.0");
        OptionCheck.require("--mask-rate", maskRate, maskRate != null && maskRate > 0 && maskRate < 1,
                "a share above 0 and below 1, e.g. 0.15");
        OptionCheck.positive("--batch-rows", batchRows);
        OptionCheck.positive("--dim", dim);
        OptionCheck.positive("--heads", heads);
        OptionCheck.positive("--layers", layers);
        OptionCheck.positive("--feed-forward-ratio", feedForwardRatio);
        OptionCheck.positive("--evaluate-every", evaluateEvery);
        OptionCheck.positive("--checkpoint-every", checkpointEvery);
    }

    private boolean changesSettings() {
        return bertMasking || wholeWords || Stream.of(learningRate, warmup, finalLearningRate, decay, tiedHead, weightDecay, clip, batchRows, maskRate, dim, heads, layers,
                feedForwardRatio, evaluateEvery, checkpointEvery).anyMatch(Objects::nonNull);
    }

    private MlmTrainer newRun(Preset p, LabTokenizer tokenizer, Corpus.Split split, Path runDir) {
        TrainingConfig config = TrainingConfig.of(p);
        if (budget != null) {
            config = budget.steps != null ? config.withSteps(budget.steps) : config.withMinutes(budget.minutes);
        }
        if (learningRate != null) {
            config = config.withLearningRate(learningRate);
        }
        if (warmup != null) {
            config = config.withWarmup(warmup);
        }
        if (finalLearningRate != null) {
            config = config.withFinalLearningRate(finalLearningRate);
        }
        if (decay != null) {
            config = config.withDecay(decay);
        }
        if (weightDecay != null) {
            config = config.withAdam(config.adam().withWeightDecay(weightDecay));
        }
        if (clip != null) {
            config = config.withClipNorm(clip);
        }
        if (batchRows != null) {
            config = config.withBatchRows(batchRows);
        }
        MaskingConfig masking = bertMasking ? MaskingConfig.bert() : config.masking();
        masking = masking.withWholeWord(wholeWords || masking.wholeWord());
        config = config.withMasking(maskRate != null ? masking.withRate(maskRate) : masking);
        if (checkpointEvery != null) {
            config = config.withCheckpointEvery(checkpointEvery);
        }
        if (evaluateEvery != null) {
            config = config.withEvaluateEvery(evaluateEvery);
        }
        ModelConfig model = ModelConfig.of(p, tokenizer.vocabSize());
        if (dim != null) {
            model = model.withDim(dim);
        }
        if (heads != null) {
            model = model.withHeads(heads);
        }
        if (feedForwardRatio != null) {
            model = model.withFeedForwardRatio(feedForwardRatio);
        }
        if (layers != null) {
            model = model.withLayers(layers);
        }
        if (tiedHead != null) {
            model = model.withTiedWeights(tiedHead);
        }
        return MlmTrainer.create(runDir, model, config, tokenizer, split,
                fresh ? MlmTrainer.IfRunExists.REPLACE : MlmTrainer.IfRunExists.FAIL);
    }
}
