package org.mlmlab.bench;

import org.mlmlab.cli.OptionCheck;

import org.mlmlab.Preset;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
import org.mlmlab.training.LearningRateSchedule;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code ./lab bench recipe}: which recipe learns most in the same minutes? Variants of the preset's
 * recipe, each changed in one setting (learning rate, warmup, batch rows, masking rate, schedule's
 * final rate and decay, tied head, heads, depth, width and feed-forward width, vocabulary size), trained for the same wall-clock budget on the same
 * split, and scored on the same held-out sentences with fixed 15% masks, whatever rate they trained with.
 */
@Command(name = "recipe", mixinStandardHelpOptions = true,
        description = "Recipe variants trained for the same minutes and scored on the same fixed 15%% validation masks: "
                + "learning rate, warmup, batch rows, masking rate, schedule, tied head, heads, depth, width and feed-forward width, vocabulary size.")
final class RecipeBench implements Callable<Integer> {
    @Mixin
    BenchPreset preset;

    @Option(names = "--minutes", defaultValue = "4", description = "Training minutes of each variant. Default: ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--only", split = ",", description = "Run only these variants (names as the table prints them, comma-separated).")
    List<String> only;

    /**
     * A recipe: the preset's, with some settings changed. {@code vocabSize} 0 keeps lesson 2's
     * tokenizer; another size trains a tokenizer of that size on the same training split.
     */
    record Variant(String name, int vocabSize, UnaryOperator<ModelConfig> model, UnaryOperator<TrainingConfig> training) {
        static Variant training(String name, UnaryOperator<TrainingConfig> change) {
            return new Variant(name, 0, m -> m, change);
        }

        static Variant model(String name, UnaryOperator<ModelConfig> change) {
            return new Variant(name, 0, change, t -> t);
        }

        static Variant vocabulary(int size) {
            return new Variant("vocab " + size, size, m -> m, t -> t);
        }
    }

    /** What a variant reached. */
    record Outcome(String name, long steps, double accuracy, double loss) {
    }

    /** The preset and its variants, each one setting away from it (but one: a layer more at 3/4 width, the same time a step). */
    static List<Variant> variants(TrainingConfig base, ModelConfig model, int presetVocabulary) {
        double lr = base.learningRate();
        double mask = base.masking().rate();
        List<Variant> v = new ArrayList<>();
        v.add(Variant.training("preset", t -> t));
        v.add(Variant.training("lr x0.7", t -> t.withLearningRate(lr * 0.7)));
        v.add(Variant.training("lr x1.5", t -> t.withLearningRate(lr * 1.5)));
        v.add(Variant.training("warmup x0.5", t -> t.withWarmup(base.warmup() / 2)));
        v.add(Variant.training("warmup x2", t -> t.withWarmup(Math.min(0.5, base.warmup() * 2))));
        if (base.batchRows() > 1) {
            v.add(Variant.training("batch x0.5", t -> t.withBatchRows(base.batchRows() / 2)));
        }
        v.add(Variant.training("batch x1.5", t -> t.withBatchRows(base.batchRows() * 3 / 2)));
        v.add(Variant.training("mask -10 points", t -> t.withMasking(t.masking().withRate(Math.max(0.05, mask - 0.1)))));
        v.add(Variant.training("mask +10 points", t -> t.withMasking(t.masking().withRate(mask + 0.1))));
        double finalLr = base.finalLearningRate() == 0 ? 0.1 : 0;
        v.add(Variant.training("final lr " + Math.round(100 * finalLr) + "%", t -> t.withFinalLearningRate(finalLr)));
        for (LearningRateSchedule.Decay decay : LearningRateSchedule.Decay.values()) {
            if (decay != base.decay()) {
                v.add(Variant.training("decay " + decay.name().toLowerCase(Locale.ROOT), t -> t.withDecay(decay)));
            }
        }
        v.add(Variant.model("tied head " + (model.tieWeights() ? "off" : "on"), m -> m.withTiedWeights(!m.tieWeights())));
        if (model.heads() % 2 == 0) {
            v.add(Variant.model("heads x0.5", m -> m.withHeads(m.heads() / 2)));
        }
        if (model.headDim() % 2 == 0) {
            v.add(Variant.model("heads x2", m -> m.withHeads(m.heads() * 2)));
        }
        if (model.layers() > 1) {
            v.add(Variant.model("layers -1", m -> m.withLayers(m.layers() - 1)));
        }
        v.add(Variant.model("layers +1", m -> m.withLayers(m.layers() + 1)));
        v.add(Variant.model("layers +1 dim x0.75", m -> m.withLayers(m.layers() + 1).withDim(m.dim() * 3 / 4)));
        v.add(Variant.model("ffn x0.5", m -> m.withFeedForwardRatio(m.feedForwardRatio() / 2)));
        v.add(Variant.model("ffn x1.5", m -> m.withFeedForwardRatio(m.feedForwardRatio() * 3 / 2)));
        v.add(Variant.model("dim x0.75", m -> m.withDim(m.dim() * 3 / 4)));
        v.add(Variant.model("dim x1.5", m -> m.withDim(m.dim() * 3 / 2)));
        v.add(Variant.vocabulary(presetVocabulary / 2));
        v.add(Variant.vocabulary(presetVocabulary * 3 / 4));
        v.add(Variant.vocabulary(presetVocabulary * 3 / 2));
        return v;
    }

    @Override
    public Integer call() {
        OptionCheck.positive("--minutes", minutes, "4");
        Preset p = preset.announce();
        LessonFiles files = new LessonFiles(p);
        TrainingConfig base = TrainingConfig.of(p).withMinutes(minutes).withCheckpointEvery(Integer.MAX_VALUE)
                .withEvaluateEvery(Integer.MAX_VALUE);
        List<String> names = variants(base, ModelConfig.of(p, p.vocabSize), p.vocabSize).stream().map(Variant::name).toList();
        OptionCheck.require("--only", only, only == null || names.containsAll(only), "variant names from: " + String.join(", ", names));
        List<Outcome> outcomes = new ArrayList<>();
        Corpus.Split split = files.split();
        try (LabTokenizer lessonTokenizer = files.tokenizer()) {
            ModelConfig model = ModelConfig.of(p, lessonTokenizer.vocabSize());
            System.out.printf("Each variant: %s minutes of training, scored on the same held-out sentences with fixed 15%% masks.%n"
                    + "A variant with another vocabulary cuts those sentences into other tokens: its accuracy counts its own.%n", minutes);
            // Untimed: the first variant would otherwise train while the JIT compiler warms up, and make fewer steps.
            try (MlmTrainer warmUp = MlmTrainer.create(files.runDir("bench-recipe"), model, base.withMinutes(0.1), lessonTokenizer,
                    split, MlmTrainer.IfRunExists.REPLACE)) {
                warmUp.train(List.<TrainingListener>of());
            }
            for (Variant v : variants(base, model, p.vocabSize)) {
                if (only != null && !only.contains(v.name())) {
                    continue;
                }
                try (LabTokenizer own = v.vocabSize() == 0 ? null
                        : files.tokenizer(files.runDir("bench-recipe-tokenizers").resolve("vocab-" + v.vocabSize()), v.vocabSize())) {
                    LabTokenizer tokenizer = own == null ? lessonTokenizer : own;
                    ModelConfig shape = v.model().apply(ModelConfig.of(p, tokenizer.vocabSize()));
                    try (MlmTrainer trainer = MlmTrainer.create(files.runDir("bench-recipe"), shape, v.training().apply(base),
                            tokenizer, split, MlmTrainer.IfRunExists.REPLACE)) {
                        Evaluation e = trainer.train(List.<TrainingListener>of());
                        outcomes.add(new Outcome(v.name(), trainer.state().step(), e.accuracy(), e.loss()));
                        System.out.printf("  %-22s %,7d steps  accuracy %6.2f%%  loss %.3f%n", v.name(), trainer.state().step(),
                                100 * e.accuracy(), e.loss());
                    }
                }
            }
        }
        Map<String, Outcome> byName = new LinkedHashMap<>();
        outcomes.forEach(o -> byName.put(o.name(), o));
        double reference = byName.containsKey("preset") ? byName.get("preset").accuracy() : Double.NaN;
        System.out.printf("%nBest first (%s minutes each; accuracy on the same fixed 15%% masks):%n", minutes);
        System.out.printf("%-22s %8s %10s %8s %12s%n", "variant", "steps", "accuracy", "loss", "vs preset");
        outcomes.stream().sorted(Comparator.comparingDouble(Outcome::accuracy).reversed()).forEach(o ->
                System.out.printf("%-22s %,8d %9.2f%% %8.3f %+11.2f%n", o.name(), o.steps(), 100 * o.accuracy(), o.loss(),
                        100 * (o.accuracy() - reference)));
        return 0;
    }
}
