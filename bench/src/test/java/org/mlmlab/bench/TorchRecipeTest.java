package org.mlmlab.bench;


import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mlmlab.LearningRateDecay;
import org.mlmlab.Preset;
import org.mlmlab.PyTorchInstalled;
import org.mlmlab.ToyModel;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.AdamW;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same recipe in plain PyTorch (test-tools/torch/mlm_recipe.py), from our initial weights on
 * our batches, must give our losses step after step: the training step as a whole (packing,
 * positions, sparse head, loss, clipping, AdamW with decay on the right parameters, schedule)
 * checked against an implementation that shares no code with ours. The settings are strong
 * enough that each part changes the losses measurably.
 */
class TorchRecipeTest {
    static final int STEPS = 10;

    /** Each decay of the schedule, the last two with a feed-forward block of another width. */
    @ParameterizedTest
    @EnumSource(LearningRateDecay.class)
    void pyTorchOnOurBatchesGivesOurLosses(LearningRateDecay decay, @TempDir Path dir) throws Exception {
        PyTorchInstalled.assume();
        ToyModel.trainTokenizer(dir.resolve("tokenizer"), 300);
        try (LabTokenizer tokenizer = LabTokenizer.load(dir.resolve("tokenizer"), Preset.MAX_LENGTH)) {
            ModelConfig model = new ModelConfig(tokenizer.vocabSize(), 32, 4, 2, Preset.MAX_LENGTH, 0, false)
                    .withFeedForwardRatio(decay == LearningRateDecay.COSINE ? ModelConfig.FEED_FORWARD_RATIO : 3);
            // a high rate with a short warmup, strong decay and a tight clip: every part of the step shows in the losses
            TrainingConfig config = TrainingConfig.of(Preset.TINY).withSteps(STEPS).withBatchRows(4).withLearningRate(2e-2).withWarmup(0.1).withDecay(decay)
                    .withAdam(AdamW.Settings.standard().withWeightDecay(0.5)).withClipNorm(0.5)
                    .withEvaluateEvery(1000).withCheckpointEvery(1000);
            List<Double> ours = new ArrayList<>();
            List<Double> norms = new ArrayList<>();
            TorchRecipe reference;
            Path work = Files.createDirectories(dir.resolve("reference"));
            try (MlmTrainer trainer = MlmTrainer.create(dir.resolve("run"), model, config, tokenizer,
                    ToyCorpus.repeated(5).split(0.1, Preset.RANDOM_SEED), MlmTrainer.IfRunExists.REPLACE)) {
                reference = new TorchRecipe(trainer, work);
                for (int i = 0; i < STEPS; i++) {
                    var r = trainer.step();
                    ours.add(r.loss());
                    norms.add(r.gradientNorm());
                }
            }
            List<Double> theirs = reference.train(STEPS, 0, 0, 0, true).losses();
            assertEquals(STEPS, theirs.size());
            double worst = 0;
            for (int i = 0; i < STEPS; i++) {
                worst = Math.max(worst, Math.abs(ours.get(i) - theirs.get(i)));
            }
            System.out.printf("Same recipe in PyTorch (%s decay): losses %s (ours) against %s; largest difference %.2g%n", decay, ours, theirs, worst);
            assertTrue(norms.stream().anyMatch(n -> n > 0.5), "clipping must take part: gradient norms " + norms);
            assertTrue(ours.get(0) - ours.get(STEPS - 1) > 0.3, "the steps must change the model: " + ours);
            assertTrue(worst < 1e-5, "losses differ by up to " + worst + ": ours " + ours + ", PyTorch " + theirs);
        }
    }
}
