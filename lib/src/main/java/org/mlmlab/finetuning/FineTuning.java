package org.mlmlab.finetuning;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.mlmlab.LearningRateDecay;
import org.mlmlab.Preset;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.BatchLayout;
import org.mlmlab.masking.MaskedSequence;
import org.mlmlab.masking.TokenSequences;
import org.mlmlab.masking.Vocabulary;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.training.AdamW;
import org.mlmlab.training.GradientClipping;
import org.mlmlab.training.LearningRateSchedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link Classifier} on labelled texts and scores it: the same loop as pretraining
 * (forward, loss, backward, clip, AdamW), with the classifier's cross-entropy instead of the
 * masked one, and a fixed number of steps whatever the number of examples, so that every model
 * and every training-set size gets the same compute.
 */
public final class FineTuning {
    /**
     * @param steps        updates, whatever the number of examples (small sets are seen many times)
     * @param batchRows    texts per step
     * @param learningRate the peak rate, reached after the warmup, then a cosine down to 0
     * @param warmup       the share of the steps spent warming up
     * @param maxTokens    each text's first tokens that the classifier reads
     * @param seed         the order of the examples, epoch by epoch
     */
    public record Settings(int steps, int batchRows, double learningRate, double warmup, int maxTokens, long seed) {
        public Settings {
            if (steps < 1 || batchRows < 1 || !(learningRate > 0) || maxTokens < 1) {
                throw new IllegalArgumentException("fine-tuning needs steps, batch rows, a learning rate and max tokens above 0");
            }
        }

        /**
         * The lab's fine-tuning recipe for {@code preset}: its number of steps, 32 texts a step, a peak
         * rate of 1e-3 with a 10% warmup, each e-mail's first 64 tokens (its subject and first lines:
         * enough to tell spam, and half the cost of 128).
         */
        public static Settings of(Preset preset) {
            return new Settings(preset.sizes.fineTuningSteps(), 32, 1e-3, 0.1, 64, Preset.RANDOM_SEED);
        }

        /**
         * A model that starts from nothing but a head (a linear probe, bag of words) takes larger steps:
         * its few weights start at or near 0 and must grow to the scale of its inputs.
         */
        public Settings forHeadOnly() {
            return withLearningRate(1e-2);
        }

        public Settings withLearningRate(double rate) {
            return new Settings(steps, batchRows, rate, warmup, maxTokens, seed);
        }

        public Settings withSteps(int n) {
            return new Settings(n, batchRows, learningRate, warmup, maxTokens, seed);
        }
    }

    /** Texts as the classifier reads them: token ids (at most maxTokens each) and labels. */
    public record Encoded(List<int[]> ids, int[] labels) {
        public static Encoded of(LabTokenizer tokenizer, List<LabelledText> examples, int maxTokens) {
            List<int[]> ids = new ArrayList<>();
            for (int[] sequence : TokenSequences.encode(tokenizer, examples.stream().map(LabelledText::text).toList())) {
                ids.add(sequence.length <= maxTokens ? sequence : Arrays.copyOf(sequence, maxTokens));
            }
            return new Encoded(ids, examples.stream().mapToInt(LabelledText::label).toArray());
        }

        public int size() {
            return labels.length;
        }

        /** The first {@code n} examples. */
        public Encoded head(int n) {
            int k = Math.min(n, size());
            return new Encoded(ids.subList(0, k), Arrays.copyOf(labels, k));
        }
    }

    private FineTuning() {
    }

    /** Trains {@code model} on {@code train}; returns the loss of each step. */
    public static double[] train(Classifier model, Encoded train, Settings settings, Vocabulary vocab, NDManager manager) {
        var parameters = model.trainedParameters();
        for (Parameter p : parameters.values()) {
            p.getArray().setRequiresGradient(true);
        }
        AdamW optimizer = new AdamW(parameters, AdamW.decayedIn(model), AdamW.Settings.standard(), manager);
        LearningRateSchedule schedule = new LearningRateSchedule(settings.learningRate(), settings.warmup(), 0,
                LearningRateDecay.COSINE);
        ParameterStore store = new ParameterStore(manager, false);
        Random random = new Random(settings.seed());
        List<Integer> order = new ArrayList<>();
        double[] losses = new double[settings.steps()];
        for (int step = 0; step < settings.steps(); step++) {
            if (order.size() < settings.batchRows()) {
                List<Integer> epoch = new ArrayList<>();
                for (int i = 0; i < train.size(); i++) {
                    epoch.add(i);
                }
                Collections.shuffle(epoch, random);
                order.addAll(epoch);
            }
            List<Integer> rows = new ArrayList<>(order.subList(0, Math.min(settings.batchRows(), order.size())));
            order.subList(0, rows.size()).clear();
            try (NDScope ignored = new NDScope(); Batch batch = batch(train, rows, vocab, settings.maxTokens(), manager)) {
                NDArray labels = batch.manager().create(rows.stream().mapToInt(i -> train.labels()[i]).toArray());
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray scores = model.forward(store, new NDList(batch.ids(), batch.segments()), true).head();
                    NDArray loss = ClassifierHead.loss(scores, labels);
                    collector.backward(loss);
                    losses[step] = loss.getFloat();
                }
                double scale = GradientClipping.scale(GradientClipping.globalNorm(parameters.values()), 1.0);
                optimizer.step(schedule.at((step + 1.0) / settings.steps()), scale);
            }
        }
        return losses;
    }

    /** The class each text gets: the one with the highest score. */
    public static int[] predict(Classifier model, List<int[]> ids, Vocabulary vocab, int maxTokens, NDManager manager) {
        Encoded unlabelled = new Encoded(ids, new int[ids.size()]);
        int[] predicted = new int[ids.size()];
        ParameterStore store = new ParameterStore(manager, false);
        int rows = 64;
        for (int from = 0; from < ids.size(); from += rows) {
            List<Integer> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(from + rows, ids.size()); i++) {
                chunk.add(i);
            }
            try (NDScope ignored = new NDScope(); Batch batch = batch(unlabelled, chunk, vocab, maxTokens, manager)) {
                NDArray scores = model.forward(store, new NDList(batch.ids(), batch.segments()), false).head();
                long[] best = scores.argMax(1).toLongArray();
                for (int j = 0; j < best.length; j++) {
                    predicted[from + j] = (int) best[j];
                }
            }
        }
        return predicted;
    }

    /** Accuracy and F1 (for class {@code positive}) on {@code test}. */
    public static ClassificationScore evaluate(Classifier model, Encoded test, int positive, Vocabulary vocab, int maxTokens,
                                               NDManager manager) {
        return ClassificationScore.of(predict(model, test.ids(), vocab, maxTokens, manager), test.labels(), positive);
    }

    /** The texts at {@code rows}, padded to the longest, nothing hidden. */
    private static Batch batch(Encoded data, List<Integer> rows, Vocabulary vocab, int maxTokens, NDManager manager) {
        List<MaskedSequence> sequences = new ArrayList<>(rows.size());
        for (int i : rows) {
            sequences.add(MaskedSequence.hiding(data.ids().get(i), new int[0], vocab.maskId()));
        }
        return Batch.of(sequences, BatchLayout.longest(maxTokens), vocab.padId(), manager);
    }
}
