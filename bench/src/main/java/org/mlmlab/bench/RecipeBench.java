package org.mlmlab.bench;

import org.mlmlab.cli.OptionCheck;

import org.mlmlab.Preset;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code ./lab bench recipe}: which recipe learns most in the same minutes? Variants of the preset's
 * recipe, each changed in one setting (learning rate, warmup, batch rows, model shape, tied head,
 * masking rate, schedule), trained for the same wall-clock budget on the same split and tokenizer, and
 * scored on the same held-out sentences with the same fixed 15% masks, whatever rate they trained with.
 */
@Command(name = "recipe", mixinStandardHelpOptions = true,
        description = "Recipe variants trained for the same minutes and scored on the same fixed 15%% validation masks: "
                + "learning rate, warmup, batch rows, model shape, tied head, masking rate, schedule.")
final class RecipeBench implements Callable<Integer> {
    @Mixin
    BenchPreset preset;

    @Option(names = "--minutes", defaultValue = "4", description = "Training minutes of each variant. Default: ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--only", split = ",", description = "Run only these variants (names as the table prints them).")
    List<String> only;

    /** A recipe: the preset's, with some settings changed. */
    record Variant(String name, UnaryOperator<ModelConfig> model, UnaryOperator<TrainingConfig> training) {
    }

    /** What a variant reached. */
    record Outcome(String name, long steps, double accuracy, double loss) {
    }

    static List<Variant> variants(TrainingConfig base) {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("preset", m -> m, t -> t));
        v.add(new Variant("lr x0.5", m -> m, t -> t.withLearningRate(base.learningRate() / 2)));
        v.add(new Variant("lr x2", m -> m, t -> t.withLearningRate(base.learningRate() * 2)));
        v.add(new Variant("warmup 10%", m -> m, t -> t.withWarmup(0.1)));
        v.add(new Variant("batch x0.5", m -> m, t -> t.withBatchRows(Math.max(1, base.batchRows() / 2))));
        v.add(new Variant("batch x2", m -> m, t -> t.withBatchRows(base.batchRows() * 2)));
        v.add(new Variant("mask 30%", m -> m, t -> t.withMasking(t.masking().withRate(0.3))));
        v.add(new Variant("mask 40%", m -> m, t -> t.withMasking(t.masking().withRate(0.4))));
        v.add(new Variant("tied head", m -> m.withTiedWeights(true), t -> t));
        v.add(new Variant("layers x2", m -> m.withLayers(m.layers() * 2), t -> t));
        v.add(new Variant("1 layer, dim x2", m -> m.withLayers(1).withDim(m.dim() * 2), t -> t));
        v.add(new Variant("to zero", m -> m, t -> t.withFinalLearningRate(0)));
        v.add(new Variant("mask 40%, lr x2", m -> m, t -> t.withMasking(t.masking().withRate(0.4)).withLearningRate(base.learningRate() * 2)));
        return v;
    }

    @Override
    public Integer call() {
        OptionCheck.positive("--minutes", minutes, "4");
        Preset p = preset.announce();
        LessonFiles files = new LessonFiles(p);
        TrainingConfig base = TrainingConfig.of(p).withMinutes(minutes).withCheckpointEvery(Integer.MAX_VALUE)
                .withEvaluateEvery(Integer.MAX_VALUE);
        List<Outcome> outcomes = new ArrayList<>();
        try (LabTokenizer tokenizer = files.tokenizer()) {
            ModelConfig model = ModelConfig.of(p, tokenizer.vocabSize());
            System.out.printf("Each variant: %s minutes of training, scored on held-out sentences with fixed 15%% masks.%n", minutes);
            for (Variant v : variants(base)) {
                if (only != null && !only.contains(v.name())) {
                    continue;
                }
                try (MlmTrainer trainer = MlmTrainer.create(files.runDir("bench-recipe"), v.model().apply(model),
                        v.training().apply(base), tokenizer, files.split(), MlmTrainer.IfRunExists.REPLACE)) {
                    Evaluation e = trainer.train(List.<TrainingListener>of());
                    outcomes.add(new Outcome(v.name(), trainer.state().step(), e.accuracy(), e.loss()));
                    System.out.printf("  %-18s %,7d steps  accuracy %6.2f%%  loss %.3f%n", v.name(), trainer.state().step(),
                            100 * e.accuracy(), e.loss());
                }
            }
        }
        Map<String, Outcome> byName = new LinkedHashMap<>();
        outcomes.forEach(o -> byName.put(o.name(), o));
        double reference = byName.containsKey("preset") ? byName.get("preset").accuracy() : Double.NaN;
        System.out.printf("%nBest first (%s minutes each; accuracy on the same fixed 15%% masks):%n", minutes);
        System.out.printf("%-18s %8s %10s %8s %12s%n", "variant", "steps", "accuracy", "loss", "vs preset");
        outcomes.stream().sorted(Comparator.comparingDouble(Outcome::accuracy).reversed()).forEach(o ->
                System.out.printf("%-18s %,8d %9.2f%% %8.3f %+11.2f%n", o.name(), o.steps(), 100 * o.accuracy(), o.loss(),
                        100 * (o.accuracy() - reference)));
        return 0;
    }
}
