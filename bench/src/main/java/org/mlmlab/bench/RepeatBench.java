package org.mlmlab.bench;

import org.mlmlab.cli.OptionCheck;

import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.StepResult;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./lab bench repeat}: the same run twice from the same seed, step by step. The data order,
 * masks and initial weights are equal by construction; what can differ is float rounding in the
 * engine's multi-threaded reductions, and this measures by how much.
 */
@Command(name = "repeat", mixinStandardHelpOptions = true,
        description = "Train the same run twice from the same seed and compare the loss at every step and the final "
                + "validation scores. Run it as OMP_NUM_THREADS=1 ./lab bench repeat to see the runs on one thread.")
final class RepeatBench implements Callable<Integer> {
    @Mixin
    BenchPreset preset;

    @Option(names = "--steps", defaultValue = "500", description = "Default: ${DEFAULT-VALUE}.")
    int steps;

    /** One run: its loss at every step and its final evaluation. */
    record Trace(double[] losses, Evaluation last) {
    }

    @Override
    public Integer call() {
        OptionCheck.positive("--steps", steps);
        Preset p = preset.announce();
        System.out.printf("PyTorch intra-op threads: %s (OMP_NUM_THREADS=%s)%n", Lab.engine().getEngineName().equals("PyTorch")
                ? ai.djl.pytorch.jni.JniUtils.getNumThreads() : "?", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        LessonFiles files = new LessonFiles(p);
        Trace a = train(files, p, "bench-repeat-a");
        Trace b = train(files, p, "bench-repeat-b");
        int identical = 0;
        int firstDifferent = -1;
        double largest = 0;
        double largestRelative = 0;
        for (int i = 0; i < steps; i++) {
            double difference = Math.abs(a.losses[i] - b.losses[i]);
            if (difference == 0) {
                identical++;
            } else if (firstDifferent < 0) {
                firstDifferent = i + 1;
            }
            largest = Math.max(largest, difference);
            largestRelative = Math.max(largestRelative, difference / Math.abs(a.losses[i]));
        }
        System.out.printf("%nSame seed, %,d steps of the %s preset, twice:%n", steps, p);
        System.out.printf("  steps with bit-identical loss: %,d of %,d%s%n", identical, steps,
                firstDifferent < 0 ? "" : String.format(" (the first to differ: step %,d)", firstDifferent));
        System.out.printf("  largest loss difference: %.3g (%.3g relative); final loss %.6f and %.6f%n", largest, largestRelative,
                a.losses[steps - 1], b.losses[steps - 1]);
        System.out.printf("  final validation: accuracy %.4f%% and %.4f%%, loss %.6f and %.6f%n", 100 * a.last.accuracy(),
                100 * b.last.accuracy(), a.last.loss(), b.last.loss());
        return 0;
    }

    private Trace train(LessonFiles files, Preset p, String name) {
        double[] losses = new double[steps];
        try (LabTokenizer tokenizer = files.tokenizer();
             MlmTrainer trainer = MlmTrainer.create(files.runDir(name), ModelConfig.of(p, tokenizer.vocabSize()),
                     TrainingConfig.of(p).withSteps(steps), tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
            Evaluation last = trainer.train(List.of(new TrainingListener() {
                @Override
                public void onStep(MlmTrainer t, StepResult step) {
                    losses[(int) step.step() - 1] = step.loss();
                }
            }));
            System.out.printf("%s: %,d steps, final validation %s%n", name, steps, last);
            return new Trace(losses, last);
        }
    }
}
