package org.mlmlab.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Each token on its own: widen (usually to 4 x dim), GELU, back to dim. Where most of a layer's parameters live. */
public final class FeedForward extends AbstractBlock {
    private final Linear up;
    private final Linear down;
    private final float dropout;

    public FeedForward(int dim, int hidden, float dropout) {
        this.dropout = dropout;
        this.up = addChildBlock("f1", Linear.builder().setUnits(hidden).build());
        this.down = addChildBlock("f2", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList hidden = new NDList(Activation.gelu(up.forward(store, inputs, training).head()));
        NDList out = down.forward(store, hidden, training);
        return dropout > 0 ? Dropout.dropout(out.head(), dropout, training) : out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        up.initialize(manager, dataType, inputShapes[0]);
        down.initialize(manager, dataType, up.getOutputShapes(new Shape[] {inputShapes[0]})[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
