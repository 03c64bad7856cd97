package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm encoder layer:
 * {@code x = x + attention(norm1(x))}, then {@code x = x + feedForward(norm2(x))}.
 * Normalizing before each sub-block (not after, as the original transformer did) keeps the
 * residual path clean, which makes training stable without careful learning-rate tuning.
 * Input: x (B, T, D) and the attention mask; output: x and this layer's attention weights.
 */
public final class EncoderLayer extends AbstractBlock {
    private final Block norm1;
    private final SelfAttention attention;
    private final Block norm2;
    private final FeedForward feedForward;

    public EncoderLayer(ModelConfig config) {
        this.norm1 = addChildBlock("n1", new RmsNorm(config.dim(), ModelConfig.NORM_EPS));
        this.attention = addChildBlock("attention", new SelfAttention(config.dim(), config.heads(), config.dropout()));
        this.norm2 = addChildBlock("n2", new RmsNorm(config.dim(), ModelConfig.NORM_EPS));
        this.feedForward = addChildBlock("ffn",
                new FeedForward(config.dim(), config.feedForwardDim(), config.dropout()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDList attended = attention.forward(store, new NDList(norm1.forward(store, new NDList(x), training).head(), mask), training);
        NDArray h = x.add(attended.get(0));
        NDArray out = h.add(feedForward.forward(store, norm2.forward(store, new NDList(h), training), training).head());
        return new NDList(out, attended.get(1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm1.initialize(manager, dataType, inputShapes[0]);
        attention.initialize(manager, dataType, inputShapes);
        norm2.initialize(manager, dataType, inputShapes[0]);
        feedForward.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return attention.getOutputShapes(inputShapes);
    }
}
