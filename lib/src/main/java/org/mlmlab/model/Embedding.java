package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** A lookup table: row {@code id} of a (count, dim) weight is the vector of {@code id}. */
public final class Embedding extends AbstractBlock {
    private final Parameter weight;
    private final int dim;

    public Embedding(int count, int dim) {
        this.dim = dim;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(count, dim)).build());
    }

    /** Input: ids of any shape; output: that shape plus dim. */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        return new NDList(table(store, ids.getDevice(), training).get(new NDIndex("{}", ids)));
    }

    /** The whole table, e.g. for positions 0..T-1 or to tie the output head to it. */
    public NDArray table(ParameterStore store, ai.djl.Device device, boolean training) {
        return store.getValue(weight, device, training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }
}
