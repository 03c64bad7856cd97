package org.mlmlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.mlmlab.masking.Batch;
import org.mlmlab.masking.EvaluationSet;
import org.mlmlab.model.MlmModel;

/** Scores a model on an {@link EvaluationSet}: loss, accuracy and the most-frequent-token baseline. */
public final class Evaluator {
    /** Sentences per evaluation batch (packed into rows): inference keeps no activations for backward, so it can be larger. */
    public static final int BATCH_SENTENCES = 256;

    /**
     * What the model answered at every masked token of a set, in order (sentence by sentence,
     * left to right): the original id, the model's top id, and the log-probability it gave the original.
     */
    public record TokenScores(int[] labels, int[] predicted, float[] logProbability) {
        public int size() {
            return labels.length;
        }
    }

    private Evaluator() {
    }

    public static Evaluation evaluate(MlmModel model, EvaluationSet set, int mostFrequentToken, NDManager manager) {
        TokenScores scores = score(model, set, manager);
        if (scores.size() == 0) {
            throw new IllegalArgumentException("the evaluation set has no masked tokens");
        }
        double lossSum = 0;
        long correct = 0;
        long baseline = 0;
        for (int i = 0; i < scores.size(); i++) {
            lossSum -= scores.logProbability()[i];
            correct += scores.predicted()[i] == scores.labels()[i] ? 1 : 0;
            baseline += scores.labels()[i] == mostFrequentToken ? 1 : 0;
        }
        int n = scores.size();
        return new Evaluation(lossSum / n, (double) correct / n, (double) baseline / n, n);
    }

    /** The model's answer at every masked token of the set, without gradients. */
    public static TokenScores score(MlmModel model, EvaluationSet set, NDManager manager) {
        ParameterStore store = new ParameterStore(manager, false);
        int total = set.sequences().stream().mapToInt(s -> s.selected()).sum();
        int[] labels = new int[total];
        int[] predicted = new int[total];
        float[] logProbability = new float[total];
        int at = 0;
        for (int i = 0; i < set.batchCount(BATCH_SENTENCES); i++) {
            try (NDScope ignored = new NDScope(); Batch batch = set.batch(i, BATCH_SENTENCES, manager)) {
                int k = batch.maskedTokens();
                if (k == 0) {
                    continue;
                }
                NDArray logits = model.forward(store, new NDList(batch.ids(), batch.segments(), batch.maskedPositions()), false).head();
                NDArray target = batch.maskedLabels().reshape(-1, 1);
                float[] picked = logits.logSoftmax(-1).gather(target, 1).toFloatArray();
                long[] best = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                long[] original = batch.maskedLabels().toLongArray();
                for (int j = 0; j < k; j++, at++) {
                    labels[at] = (int) original[j];
                    predicted[at] = (int) best[j];
                    logProbability[at] = picked[j];
                }
            }
        }
        return new TokenScores(labels, predicted, logProbability);
    }
}
