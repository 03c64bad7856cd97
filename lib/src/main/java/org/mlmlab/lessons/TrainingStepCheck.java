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
import org.mlmlab.Exercise;
import org.mlmlab.Lab;
import org.mlmlab.corpus.Corpus;
import org.mlmlab.masking.Batch;
import org.mlmlab.model.MlmModel;
import org.mlmlab.model.ModelConfig;
import org.mlmlab.model.ModelFactory;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.AdamW;
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
import java.util.stream.IntStream;

/**
 * Lesson 5's second check. A training step is deterministic given the weights, the batch and the
 * settings, so any correct step gives the library trainer's losses ({@link MlmTrainer#step()}) within
 * float rounding, step after step for {@value #STEPS} steps from the same initial weights and batches.
 * The settings are made strong enough that a slip shows within those steps: the peak learning rate from
 * the first step, a clip that acts every step, a strong decay and a large epsilon. When the losses part,
 * it replays the run with each of the usual slips and names one only when its losses are the student's.
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
    /** Large enough that where epsilon sits (inside or outside the square root) changes the steps. */
    static final double EPSILON = 1e-3;
    /** Two runs that compute the same thing in a different order drift apart by float rounding, about 1e-6 a step. */
    static final double TOLERANCE = 1e-4;
    static final String RECIPE = """
              In a try (NDScope) block: in a try (GradientCollector c = Engine.getInstance().newGradientCollector()) block, logits =
              model.forward(new ParameterStore(batch.manager(), false), new NDList(batch.ids(), batch.segments(), batch.maskedPositions()),
              true).head(); loss = MaskedLoss.crossEntropy(logits, batch.maskedLabels()); c.backward(loss).
              norm = sqrt(sum over parameters of gradient.square().sum()); clip = norm > clipNorm ? clipNorm / norm : 1.
              For each (name, parameter): g = gradient * clip; m = b1 m + (1 - b1) g and v = b2 v + (1 - b2) g^2, in place (muli, addi);
              mHat = m / (1 - b1^t); vHat = v / (1 - b2^t); if AdamW.decayedIn(model) holds it, w -= lr * weightDecay * w;
              w -= lr * mHat / (sqrt(vHat) + eps); then set the gradient to 0 (subi itself). Return the loss as a double.""";

    private TrainingStepCheck() {
    }

    public static void check(Step step, ModelConfig modelConfig, TrainingConfig lessonConfig, LabTokenizer tokenizer, Corpus.Split split) {
        // At the peak learning rate from the first step (no warmup), with clipping at every step and a strong decay,
        // a slip in the update shows within a few steps.
        Check check = new Check(Exercise.TRAINING_STEP);
        AdamW.Settings adam = lessonConfig.adam();
        TrainingConfig config = lessonConfig.withSteps(STEPS).withWarmup(0).withClipNorm(CLIP)
                .withAdam(new AdamW.Settings(adam.beta1(), adam.beta2(), EPSILON, WEIGHT_DECAY));
        Path dir = temporaryRun();
        try (MlmTrainer trainer = MlmTrainer.create(dir, modelConfig, config, tokenizer, split, MlmTrainer.IfRunExists.REPLACE);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            List<TrainingState> batches = new ArrayList<>();
            double[] theirs = new double[STEPS];
            for (int i = 0; i < STEPS; i++) {
                batches.add(trainer.state());   // where the step's batch comes from: (epoch, batch index)
                theirs[i] = trainer.step().loss();
            }
            Step attempted = (model, batch, settings, learningRate, t, m, v) -> check.attempt("your trainingStep()",
                    () -> step.trainingStep(model, batch, settings, learningRate, t, m, v));
            double[] mine = run(attempted, modelConfig, config, trainer.data(), batches, manager, STEPS);
            for (int i = 0; i < STEPS; i++) {
                if (!close(mine[i], theirs[i])) {
                    throw check.fail(String.format("step %d: your loss is %.6f, the library trainer's %.6f (same initial weights and batches)%s",
                                    i + 1, mine[i], theirs[i], i == 0 ? ". Step 1's loss comes before any update: your forward pass or loss "
                                            + "differ (the head only at the hidden positions, the mean -log p of the hidden tokens)."
                                            : "; steps 1 to " + i + " agree, so your update differs."),
                            i == 0 ? null : diagnose(mine, i, modelConfig, config, trainer.data(), batches));
                }
            }
            check.pass(String.format("your %d steps give the library trainer's losses at peak learning rate %.0e, clipping at %.2f, weight "
                    + "decay %.1f and epsilon %.0e (%.4f at step 1, %.4f at step %d; largest difference %.1g).", STEPS, config.learningRate(),
                    config.clipNorm(), config.adam().weightDecay(), EPSILON, mine[0], mine[STEPS - 1], STEPS, largestDifference(mine, theirs)));
        } finally {
            try {
                PathUtils.deleteDirectory(dir);
            } catch (IOException e) {
                // a temporary folder: the system cleans it up
            }
        }
    }

    /** The losses of the first {@code steps} steps of {@code step} from the seed's weights, on the library's batches. */
    private static double[] run(Step step, ModelConfig modelConfig, TrainingConfig config, TrainingData data,
                                List<TrainingState> batches, NDManager manager, int steps) {
        MlmModel model = ModelFactory.create(modelConfig, manager, config.seed());
        model.namedParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
        Map<String, NDArray> m = AdamW.freshMoments(model, manager);
        Map<String, NDArray> v = AdamW.freshMoments(model, manager);
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
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

    /** The slips a step is often written with; each one's replay either gives the student's losses or does not. */
    private enum Slip {
        NO_BIAS_CORRECTION("your steps are what Adam gives without its bias correction: m and v start at 0, so divide them by "
                + "(1 - beta1^t) and (1 - beta2^t)."),
        GRADIENTS_NOT_ZEROED("your steps are what gradients that are never set back to 0 give: the engine adds each backward's "
                + "gradients to the old ones."),
        EPSILON_INSIDE_ROOT("your steps are what epsilon inside the square root gives: sqrt(vHat) + eps, not sqrt(vHat + eps)."),
        DECAY_WITHOUT_LEARNING_RATE("your steps are what a decay not multiplied by the learning rate gives: w -= lr * weightDecay * w."),
        SUM_OF_NORMS("your steps are what clipping by the sum of each tensor's norm gives: the global norm is the square root of the "
                + "sum of ALL squared gradient values."),
        PER_TENSOR("your steps are what clipping each tensor on its own gives: one factor, from the global norm, scales every gradient."),
        NO_CLIPPING("your steps are what no clipping gives: are the moments fed the clipped gradient?"),
        DECAY_EVERYWHERE("your steps are what decaying every parameter gives: only those AdamW.decayedIn(model) names decay, not norms, "
                + "biases or embeddings."),
        NO_DECAY("your steps are what no weight decay gives: decayed parameters shrink by lr x weightDecay x w every step."),
        DECAY_IN_GRADIENT("your steps are what decay added to the gradient gives (L2, Adam's old way): AdamW subtracts lr x weightDecay "
                + "x w from the weight itself, apart from the gradient.");

        final String cause;

        Slip(String cause) {
            this.cause = cause;
        }
    }

    /** The slip whose losses are the student's over the steps up to and just past where they part, or null. */
    private static String diagnose(double[] losses, int parted, ModelConfig modelConfig, TrainingConfig config, TrainingData data,
                                   List<TrainingState> batches) {
        int steps = Math.min(STEPS, parted + 3);
        for (Slip slip : Slip.values()) {
            try (NDManager scratch = NDManager.newBaseManager(Lab.device())) {
                double[] theirs = run(plainStep(slip), modelConfig, config, data, batches, scratch, steps);
                if (IntStream.range(0, steps).allMatch(i -> close(losses[i], theirs[i]))) {
                    return slip.cause;
                }
            }
        }
        return null;
    }

    /** The step written plainly, as the lesson's formula reads, with one slip built in. */
    private static Step plainStep(Slip slip) {
        return (model, batch, config, learningRate, t, m, v) -> {
            AdamW.Settings adam = config.adam();
            Map<String, Parameter> parameters = model.namedParameters();
            Set<Parameter> decays = switch (slip) {
                case DECAY_EVERYWHERE -> Set.copyOf(parameters.values());
                case NO_DECAY, DECAY_IN_GRADIENT -> Set.of();
                default -> AdamW.decayedIn(model);
            };
            try (NDScope ignored = new NDScope()) {
                double loss = MlmTrainer.forwardAndBackward(model, new ParameterStore(batch.manager(), false), batch);
                if (slip == Slip.DECAY_IN_GRADIENT) {
                    for (Parameter p : AdamW.decayedIn(model)) {
                        p.getArray().getGradient().addi(p.getArray().mul(adam.weightDecay()));
                    }
                }
                double squares = 0;
                double sumOfNorms = 0;
                for (Parameter p : parameters.values()) {
                    double s = p.getArray().getGradient().square().sum().getFloat();
                    squares += s;
                    sumOfNorms += Math.sqrt(s);
                }
                double norm = slip == Slip.SUM_OF_NORMS ? sumOfNorms : Math.sqrt(squares);
                double clip = slip == Slip.NO_CLIPPING || norm <= config.clipNorm() ? 1 : config.clipNorm() / norm;
                for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                    NDArray w = e.getValue().getArray();
                    NDArray gradient = w.getGradient();
                    double factor = clip;
                    if (slip == Slip.PER_TENSOR) {
                        double own = Math.sqrt(gradient.square().sum().getFloat());
                        factor = own > config.clipNorm() ? config.clipNorm() / own : 1;
                    }
                    NDArray g = gradient.mul(factor);
                    NDArray mean = m.get(e.getKey()).muli(adam.beta1()).addi(g.mul(1 - adam.beta1()));
                    NDArray square = v.get(e.getKey()).muli(adam.beta2()).addi(g.square().mul(1 - adam.beta2()));
                    boolean corrected = slip != Slip.NO_BIAS_CORRECTION;
                    NDArray mHat = corrected ? mean.div(1 - Math.pow(adam.beta1(), t)) : mean;
                    NDArray vHat = corrected ? square.div(1 - Math.pow(adam.beta2(), t)) : square;
                    if (decays.contains(e.getValue())) {
                        w.subi(w.mul((slip == Slip.DECAY_WITHOUT_LEARNING_RATE ? 1 : learningRate) * adam.weightDecay()));
                    }
                    NDArray denominator = slip == Slip.EPSILON_INSIDE_ROOT ? vHat.add(adam.epsilon()).sqrt() : vHat.sqrt().add(adam.epsilon());
                    w.subi(mHat.div(denominator).mul(learningRate));
                    if (slip != Slip.GRADIENTS_NOT_ZEROED) {
                        gradient.subi(gradient);
                    }
                }
                return loss;
            }
        };
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
