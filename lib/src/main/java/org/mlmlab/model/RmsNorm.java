package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * RMSNorm: scale each vector to unit root-mean-square, then by a learned weight per feature.
 * Like LayerNorm without the mean subtraction and bias: cheaper, and as good for transformers.
 * {@code y = x / sqrt(mean(x^2) + eps) * w}
 */
public final class RmsNorm extends AbstractBlock {
    private final Parameter weight;
    private final float eps;

    public RmsNorm(int dim, float eps) {
        this.eps = eps;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(dim)).optInitializer(Initializer.ONES).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        // x / rms rather than x * rms^-1: pow(number) would hand autograd a temporary array that DJL
        // frees before the backward pass reads it (see SelfAttention).
        NDArray rms = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
        return new NDList(x.div(rms).mul(w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
