package org.mlmlab.bench;

import org.mlmlab.LearningRateDecay;
import org.mlmlab.Preset;
import org.mlmlab.cli.OptionCheck;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.Evaluation;
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

    @Option(names = "--repeats", defaultValue = "1", description = "Train every variant this many times, each time with the next "
            + "training seed (initial weights, masks, batch order; the split stays), all variants in turn before the next round; "
            + "the table prints the median and the range. Default: ${DEFAULT-VALUE}.")
    int repeats;

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

    /** What one run of a variant reached; {@code round} counts the seeds from the preset's. */
    record Outcome(String name, int round, long steps, double accuracy, double loss) {
    }

    /**
     * A variant's runs: their medians, the range of their accuracies, and the median of their lead over
     * the preset's run of the same round (the same seed, so the same validation masks).
     */
    record Summary(String name, double steps, double accuracy, double lowest, double highest, double loss, double lead) {
        static Summary of(List<Outcome> runs, Map<Integer, Outcome> presetByRound) {
            List<Double> accuracies = runs.stream().map(Outcome::accuracy).toList();
            List<Double> leads = runs.stream().filter(o -> presetByRound.containsKey(o.round()))
                    .map(o -> o.accuracy() - presetByRound.get(o.round()).accuracy()).toList();
            return new Summary(runs.get(0).name(), TrainBench.median(runs.stream().map(o -> (double) o.steps()).toList()),
                    TrainBench.median(accuracies), accuracies.stream().min(Double::compare).orElseThrow(),
                    accuracies.stream().max(Double::compare).orElseThrow(), TrainBench.median(runs.stream().map(Outcome::loss).toList()),
                    leads.isEmpty() ? Double.NaN : TrainBench.median(leads));
        }
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
        for (LearningRateDecay decay : LearningRateDecay.values()) {
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
        v.add(Variant.model("ffn x2", m -> m.withFeedForwardRatio(m.feedForwardRatio() * 2)));
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
        OptionCheck.positive("--repeats", repeats);
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
            for (int round = 0; round < repeats; round++) {
                TrainingConfig seeded = base.toBuilder().seed(base.seed() + round).build();
                for (Variant v : variants(seeded, model, p.vocabSize)) {
                    if (only == null || only.contains(v.name())) {
                        outcomes.add(train(v, round, seeded, files, lessonTokenizer, split, p));
                    }
                }
            }
        }
        Map<String, List<Outcome>> byName = new LinkedHashMap<>();
        outcomes.forEach(o -> byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o));
        Map<Integer, Outcome> presetByRound = new LinkedHashMap<>();
        byName.getOrDefault("preset", List.of()).forEach(o -> presetByRound.put(o.round(), o));
        List<Summary> summaries = byName.values().stream().map(runs -> Summary.of(runs, presetByRound)).toList();
        System.out.printf("%nBest first (%s minutes each%s; accuracy on the same fixed 15%% masks%s):%n", minutes,
                repeats > 1 ? ", " + repeats + " runs with seeds " + base.seed() + "-" + (base.seed() + repeats - 1) + ": medians" : "",
                repeats > 1 ? " of each seed; vs preset: the median lead over the preset's run of the same seed" : "");
        System.out.printf("%-26s %8s %10s %16s %8s %12s%n", "variant", "steps", "accuracy", repeats > 1 ? "range" : "", "loss", "vs preset");
        summaries.stream().sorted(Comparator.comparingDouble(Summary::accuracy).reversed()).forEach(s ->
                System.out.printf("%-26s %,8.0f %9.2f%% %16s %8.3f %+11.2f%n", s.name(), s.steps(), 100 * s.accuracy(),
                        repeats > 1 ? String.format("%.2f-%.2f%%", 100 * s.lowest(), 100 * s.highest()) : "", s.loss(),
                        100 * s.lead()));
        return 0;
    }

    /** Trains one variant for the budget and scores it. */
    private static Outcome train(Variant v, int round, TrainingConfig base, LessonFiles files, LabTokenizer lessonTokenizer, Corpus.Split split, Preset p) {
        try (LabTokenizer own = v.vocabSize() == 0 ? null
                : files.tokenizer(files.runDir("bench-recipe-tokenizers").resolve("vocab-" + v.vocabSize()), v.vocabSize())) {
            LabTokenizer tokenizer = own == null ? lessonTokenizer : own;
            ModelConfig shape = v.model().apply(ModelConfig.of(p, tokenizer.vocabSize()));
            try (MlmTrainer trainer = MlmTrainer.create(files.runDir("bench-recipe"), shape, v.training().apply(base),
                    tokenizer, split, MlmTrainer.IfRunExists.REPLACE)) {
                Evaluation e = trainer.train(List.<TrainingListener>of());
                System.out.printf("  %-26s seed %d %,7d steps  accuracy %6.2f%%  loss %.3f%n", v.name(), base.seed(),
                        trainer.state().step(), 100 * e.accuracy(), e.loss());
                return new Outcome(v.name(), round, trainer.state().step(), e.accuracy(), e.loss());
            }
        }
    }
}
