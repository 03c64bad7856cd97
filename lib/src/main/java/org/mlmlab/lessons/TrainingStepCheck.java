package org.mlmlab.lessons;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.apache.commons.io.file.PathUtils;
import org.mlmlab.Lab;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.masking.Batch;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.AdamW;
import org.mlmlab.training.GradientClipping;
import org.mlmlab.training.MaskedLoss;
import org.mlmlab.training.MlmTrainer;
import org.mlmlab.training.TrainingConfig;
import org.mlmlab.training.TrainingData;
import org.mlmlab.training.TrainingState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lesson 5's second check: the student's training step against {@link MlmTrainer#step()}, step
 * by step for {@value #STEPS} steps from the same initial weights and batches. When the losses part,
 * it replays the run with the usual mistakes (clipping each tensor, no clipping, decay on every
 * parameter or on none, decay inside the gradient) to name the one whose losses match.
 */
public final class TrainingStepCheck {
    /**
     * The student's step: step {@code t} (from 1) of {@code model} on {@code batch} at
     * {@code learningRate}, with the clipping and AdamW settings of {@code config}; {@code m} and
     * {@code v}: AdamW's moments by parameter name. Returns the loss before the update.
     */
    @FunctionalInterface
    public interface Step {
        double trainingStep(MlmModel model, Batch batch, TrainingConfig config, double learningRate, long t,
                            Map<String, NDArray> m, Map<String, NDArray> v);
    }

    public static final int STEPS = 20;
    /** Well below the gradients' norms, so that clipping acts at every step and a slip in it shows. */
    static final double CLIP = 0.05;
    /** Strong enough that decaying the wrong parameters (or none) changes the losses within 20 steps. */
    static final double WEIGHT_DECAY = 0.5;
    /** Two runs that compute the same thing in a different order drift apart by float rounding, about 1e-6 a step. */
    static final double TOLERANCE = 1e-4;

    private TrainingStepCheck() {
    }

    public static void check(Step step, ModelConfig modelConfig, TrainingConfig lessonConfig, LabTokenizer tokenizer, Corpus.Split split) {
        // At the peak learning rate from the first step (no warmup), with clipping at every step and a strong decay,
        // a slip in the update shows within a few steps.
        TrainingConfig config = lessonConfig.withSteps(STEPS).withWarmup(0).withClipNorm(CLIP)
                .withAdam(lessonConfig.adam().withWeightDecay(WEIGHT_DECAY));
        Path dir = temporaryRun();
        try (MlmTrainer trainer = MlmTrainer.create(dir, modelConfig, config, tokenizer, split, MlmTrainer.IfRunExists.REPLACE);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            List<TrainingState> batches = new ArrayList<>();
            double[] theirs = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                batches.add(trainer.state());   // where the step's batch comes from: (epoch, batch index)
                theirs[i] = trainer.step().loss();
            }
            Step attempted = (model, batch, settings, learningRate, t, m, v) -> Check.attempt("your trainingStep()",
                    () -> step.trainingStep(model, batch, settings, learningRate, t, m, v));
            double[] mine = run(attempted, modelConfig, config, trainer.data(), batches, manager);
            for (int i = 0; i < STEPS; i++) {
                if (!close(mine[i], theirs[i])) {
                    throw Check.fail(String.format("step %d: your loss is %.6f, the library's %.6f.", i + 1, mine[i], theirs[i]),
                            i == 0 ? "step 1's loss comes before any update: check the forward pass (the head only at "
                                    + "batch.maskedPositions()) and the loss (the mean -log p of the hidden tokens)."
                                    : diagnose(mine, modelConfig, config, trainer.data(), batches));
                }
            }
            Check.pass(String.format("your %d steps give the library's losses at peak learning rate %.0e, clipping at %.2f and weight decay "
                    + "%.1f (%.4f at step 1, %.4f at step %d; largest difference %.1g).", STEPS, config.learningRate(), config.clipNorm(),
                    config.adam().weightDecay(), mine[0], mine[STEPS - 1], STEPS, largestDifference(mine, theirs)));
        } finally {
            try {
                PathUtils.deleteDirectory(dir);
            } catch (IOException e) {
                // a temporary folder: the system cleans it up
            }
        }
    }

    /** The losses of {@value #STEPS} steps of {@code step} from the seed's weights, on the library's batches. */
    private static double[] run(Step step, ModelConfig modelConfig, TrainingConfig config, TrainingData data,
                                List<TrainingState> batches, NDManager manager) {
        MlmModel model = ModelFactory.create(modelConfig, manager, config.seed());
        model.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
        Map<String, NDArray> m = zeros(model, manager);
        Map<String, NDArray> v = zeros(model, manager);
        double[] losses = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            TrainingState at = batches.get(i);
            try (Batch batch = data.train().batch(at.epoch(), at.batchIndex(), manager)) {
                // the library's rate for this step: its share of the budget, this step counted
                double learningRate = config.schedule().at(config.budget().progress(i + 1, 0));
                losses[i] = step.trainingStep(model, batch, config, learningRate, i + 1, m, v);
            }
        }
        return losses;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b));
    }

    /** The mistake whose losses come closest to the student's, if they agree within the tolerance, as a hint. */
    private static String diagnose(double[] losses, ModelConfig modelConfig, TrainingConfig config, TrainingData data,
                                   List<TrainingState> batches) {
        Map<String, Step> mistakes = new LinkedHashMap<>();
        mistakes.put("did you clip each tensor on its own? Clip by the global norm: the square root of the sum of every "
                + "gradient's squared values, one factor for all parameters.", reference(config, Clipping.PER_TENSOR, Decay.DECOUPLED));
        mistakes.put("clip the gradients before the update: if their global norm is above " + config.clipNorm()
                + ", scale every gradient by clipNorm / norm.", reference(config, Clipping.NONE, Decay.DECOUPLED));
        mistakes.put("weight decay applies only to the parameters AdamW.decayedIn(model) names, not to norms, biases or embeddings.",
                reference(config, Clipping.GLOBAL, Decay.EVERY_PARAMETER));
        mistakes.put("did you leave out weight decay? Decayed parameters shrink by lr x weightDecay x w every step.",
                reference(config, Clipping.GLOBAL, Decay.NONE));
        mistakes.put("AdamW's decay is decoupled: subtract lr x weightDecay x w from the weight, do not add it to the gradient.",
                reference(config, Clipping.GLOBAL, Decay.IN_GRADIENT));
        String closest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Step> mistake : mistakes.entrySet()) {
            try (NDManager scratch = NDManager.newBaseManager(Lab.device())) {
                double[] theirs = run(mistake.getValue(), modelConfig, config, data, batches, scratch);
                double difference = largestDifference(losses, theirs);
                boolean agrees = java.util.stream.IntStream.range(0, STEPS).allMatch(i -> close(losses[i], theirs[i]));
                if (agrees && difference < best) {
                    best = difference;
                    closest = mistake.getKey();
                }
            }
        }
        return closest != null ? closest : "the update: g = gradient x clip factor; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; "
                + "m^ = m / (1 - b1^t); v^ = v / (1 - b2^t); w -= lr x wd x w where it decays; w -= lr x m^ / (sqrt(v^) + eps); "
                + "then set every gradient to 0.";
    }

    private enum Clipping { GLOBAL, PER_TENSOR, NONE }

    private enum Decay { DECOUPLED, EVERY_PARAMETER, NONE, IN_GRADIENT }

    /** The library's step from its parts, with AdamW's formula, clipping and decay done as told; one optimizer per run. */
    private static Step reference(TrainingConfig config, Clipping clipping, Decay decay) {
        AdamW[] adam = new AdamW[1];
        return (model, batch, settings, learningRate, t, m, v) -> {
            Map<String, Parameter> parameters = model.namedParameters();
            if (adam[0] == null) {
                Set<Parameter> decayed = switch (decay) {
                    case DECOUPLED -> AdamW.decayedIn(model);
                    case EVERY_PARAMETER -> Set.copyOf(parameters.values());
                    case NONE, IN_GRADIENT -> Set.of();
                };
                adam[0] = new AdamW(parameters, decayed, config.adam(), m.values().iterator().next().getManager());
            }
            double loss;
            try (NDScope ignored = new NDScope()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = model.forward(new ParameterStore(batch.manager(), false),
                            new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), true).head();
                    NDArray lossArray = MaskedLoss.crossEntropy(logits, batch.maskedLabels());
                    collector.backward(lossArray);
                    loss = lossArray.getFloat();
                }
                if (decay == Decay.IN_GRADIENT) {
                    for (Parameter p : AdamW.decayedIn(model)) {
                        p.getArray().getGradient().addi(p.getArray().mul(config.adam().weightDecay()));
                    }
                }
                double scale = 1;
                if (clipping == Clipping.GLOBAL) {
                    scale = GradientClipping.scale(GradientClipping.globalNorm(parameters.values()), config.clipNorm());
                } else if (clipping == Clipping.PER_TENSOR) {
                    for (Parameter p : parameters.values()) {
                        p.getArray().getGradient().muli(GradientClipping.scale(GradientClipping.globalNorm(List.of(p)), config.clipNorm()));
                    }
                }
                adam[0].stepByFormula(learningRate, scale);
            }
            return loss;
        };
    }

    private static Map<String, NDArray> zeros(MlmModel model, NDManager manager) {
        Map<String, NDArray> zeros = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> zeros.put(name, manager.zeros(p.getArray().getShape())));
        return zeros;
    }

    private static double largestDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static Path temporaryRun() {
        try {
            return Files.createTempDirectory("mlm-lab-step-check");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary folder for the check: " + e.getMessage(), e);
        }
    }
}
