package org.mlmlab.cli;

import org.mlmlab.Lab;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.Preset;
import org.mlmlab.ResidentMemory;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MetricsLog;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingListener;
import org.mlmlab.training.TrainingProgress;
import org.mlmlab.visualisation.RecoveryRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab train}: lesson 5's training outside the notebook, with the same code, progress, checkpoints and metrics. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the masked language model of a preset on its split and tokenizer (made as lessons 1-2 make them if missing).")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "tiny, lab, seed or gpu. Default: MLM_LAB_PRESET, else lab.")
    String preset;

    @Option(names = "--steps", description = "Optimizer steps (the schedule spans them). Default: the preset's.")
    Integer steps;

    @Option(names = "--lr", description = "Peak learning rate. Default: the preset's.")
    Double learningRate;

    @Option(names = "--batch-rows", description = "Rows per batch. Default: the preset's.")
    Integer batchRows;

    @Option(names = "--mask-rate", description = "Share of tokens masked in training batches (evaluation always uses 0.15). Default: the preset's.")
    Double maskRate;

    @Option(names = "--evaluate-every", description = "Steps between evaluations. Default: the preset's.")
    Integer evaluateEvery;

    @Option(names = "--minutes", defaultValue = "0", description = "Stop after this much training time; 0: no limit. Default: ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--out", description = "Run folder (checkpoints/, metrics.csv). Default: data/runs/PRESET/training, the one lessons 6-7 read.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its latest checkpoint.")
    boolean resume;

    @Option(names = "--fresh", description = "Start over even if --out holds a run (its checkpoints are deleted).")
    boolean fresh;

    @Override
    public Integer call() {
        Preset p = preset == null ? Lab.preset() : Preset.named(preset);
        LessonFiles files = new LessonFiles(p);
        Path runDir = out != null ? out : files.trainingDir();
        System.out.println(Lab.describe().replace("preset " + Lab.preset(), "preset " + p));
        Corpus.Split split = files.split();
        try (LabTokenizer tokenizer = files.tokenizer();
             MlmTrainer trainer = resume ? MlmTrainer.resume(runDir, tokenizer, split, minutes) : newRun(p, tokenizer, split, runDir)) {
            TrainingConfig c = trainer.config();
            System.out.printf("Model: %s, %,d parameters. Data: %,d training sentences, %,d validation sentences.%n",
                    trainer.model().config(), trainer.model().countParameters(), trainer.data().train().sequenceCount(),
                    trainer.data().validation().size());
            System.out.printf("%s step %d of %d into %s%n", resume ? "Resuming at" : "Starting at", trainer.state().step(), c.steps(),
                    runDir.toAbsolutePath());
            TrainingListener report = new TrainingListener() {
                @Override
                public void onEvaluation(MlmTrainer t, long step, Evaluation e) {
                    System.out.printf("%nstep %d: %s%n", step, e);
                }
            };
            Evaluation last = trainer.train(List.of(new TrainingProgress(), report, RecoveryRecorder.forRun(trainer)));
            System.out.printf("Done after %d steps, %,d tokens in %.0f s of training (peak resident memory %.0f MB).%nFinal: %s%n",
                    trainer.state().step(), trainer.state().tokensSeen(), trainer.state().seconds(), ResidentMemory.peakMegabytes(), last);
            System.out.printf("Checkpoints in %s, metrics in %s%n", runDir.resolve("checkpoints").toAbsolutePath(),
                    runDir.resolve(MetricsLog.FILE).toAbsolutePath());
        }
        return 0;
    }

    private MlmTrainer newRun(Preset p, LabTokenizer tokenizer, Corpus.Split split, Path runDir) {
        TrainingConfig config = TrainingConfig.of(p).withMaxMinutes(minutes);
        if (steps != null) {
            config = config.withSteps(steps);
        }
        if (learningRate != null) {
            config = config.withLearningRate(learningRate);
        }
        if (batchRows != null) {
            config = config.withBatchRows(batchRows);
        }
        if (maskRate != null) {
            config = config.withMasking(config.masking().withRate(maskRate));
        }
        if (evaluateEvery != null) {
            config = config.withEvaluateEvery(evaluateEvery);
        }
        return MlmTrainer.create(runDir, ModelConfig.of(p, tokenizer.vocabSize()), config, tokenizer, split,
                fresh ? MlmTrainer.IfRunExists.REPLACE : MlmTrainer.IfRunExists.FAIL);
    }
}
