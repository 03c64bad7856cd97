package org.mlmlab.finetuning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.mlmlab.model.Embedding;

import org.mlmlab.tokenizer.LabTokenizer;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.IntStream;
import java.util.Map;

/**
 * The baseline without a language model: logistic regression on token counts. Each token has one
 * weight per class; a text's score for a class is the sum of its tokens' weights, each token
 * counted as often as it occurs, plus a bias. Word order and context play no part. (A row of the
 * weight table looked up per token and summed is exactly the counts vector times the weight
 * matrix, without building a vocabulary-wide vector per text.) It reads the same tokens, truncated
 * the same way, as the encoder.
 */
public final class BagOfWords extends AbstractBlock implements Classifier {
    private final Embedding weights;
    private final Parameter bias;
    private final int classes;

    private BagOfWords(int vocabSize, int classes) {
        this.weights = addChildBlock("weights", new Embedding(vocabSize, classes));
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(classes)).optInitializer(Initializer.ZEROS).build());
        this.classes = classes;
    }

    /** All weights 0 at the start: logistic regression's usual start, and nothing random. */
    public static BagOfWords create(int vocabSize, int classes, NDManager manager) {
        BagOfWords model = new BagOfWords(vocabSize, classes);
        model.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        Shape ids = new Shape(1, 1);
        model.initialize(manager, DataType.FLOAT32, ids, ids);
        return model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray real = inputs.get(1).neq(0).toType(DataType.FLOAT32, false);                 // (B, T)
        NDArray perToken = weights.forward(store, new NDList(ids), training).head();          // (B, T, C)
        NDArray summed = perToken.mul(real.expandDims(2)).sum(new int[] {1});                // (B, C): counts x weights
        return new NDList(summed.add(store.getValue(bias, ids.getDevice(), training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        weights.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    public Map<String, Parameter> trainedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("weights.weight", weights.getParameters().get("weight"));
        named.put("bias", bias);
        return named;
    }

    /**
     * The {@code k} tokens that push a text most towards class {@code towards}: the largest
     * difference between their weight for that class and their highest weight for another.
     */
    public List<String> strongestTokens(LabTokenizer tokenizer, int towards, int k) {
        float[] w = weights.getParameters().get("weight").getArray().toFloatArray();   // (V, C), row by row
        double[] pull = new double[w.length / classes];
        for (int id = 0; id < pull.length; id++) {
            double other = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (c != towards) {
                    other = Math.max(other, w[id * classes + c]);
                }
            }
            pull[id] = w[id * classes + towards] - other;
        }
        return IntStream.range(0, pull.length).boxed().sorted(Comparator.comparingDouble((Integer id) -> pull[id]).reversed())
                .limit(k).map(id -> String.format("%s %+.2f", tokenizer.token(id), pull[id])).toList();
    }

    @Override
    public int classes() {
        return classes;
    }
}
