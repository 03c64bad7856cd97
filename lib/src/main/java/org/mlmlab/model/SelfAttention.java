package org.mlmlab.model;

import org.mlmlab.Exercise;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head self-attention. Every token makes a query, a key and a value (one projection
 * makes all three); each head scores every query against every key, the scores become weights
 * with a softmax, and the token's output is the weighted sum of values. An additive mask
 * (0 where attending is allowed, -1e9 elsewhere) keeps padding, and other sentences of a
 * packed row, out of the weights.
 * <p>
 * Input: x (B, T, D) and the mask (B, 1, T, T). Output: (B, T, D) and the attention weights (B, H, T, T).
 */
public final class SelfAttention extends AbstractBlock {
    private final int heads;
    private final int dim;
    private final float dropout;
    private final Linear qkv;
    private final Linear out;

    public SelfAttention(int dim, int heads, float dropout) {
        this.dim = dim;
        this.heads = heads;
        this.dropout = dropout;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dim).build());
        this.out = addChildBlock("o", Linear.builder().setUnits(dim).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int headDim = dim / heads;
        // (B, T, 3D) -> (3, B, H, T, headDim): queries, keys and values, split into heads
        NDArray qkvs = qkv.forward(store, new NDList(x), training).head()
                .reshape(b, t, 3, heads, headDim).transpose(2, 0, 3, 1, 4);
        NDList attended = attend(qkvs.get(0), qkvs.get(1), qkvs.get(2), mask, dropout, training);
        NDArray merged = attended.get(0).transpose(0, 2, 1, 3).reshape(b, t, dim);
        return new NDList(out.forward(store, new NDList(merged), training).head(), attended.get(1));
    }

    /**
     * Attention itself, for queries, keys and values (B, H, T, d) and an additive mask (B, 1, T, T):
     * {@code softmax(q k^T / sqrt(d) + mask) v}. Returns the output (B, H, T, d) and the weights (B, H, T, T).
     */
    public static NDList attend(NDArray q, NDArray k, NDArray v, NDArray mask, float dropout, boolean training) {
        Exercise.ATTENTION.refuseDuringItsCheck("SelfAttention.attend");
        long d = q.getShape().get(q.getShape().dimension() - 1);
        // The scale is an array that lives as long as this forward pass, not a Java number: DJL turns a
        // number into a temporary array and frees it right after the multiply, but autograd keeps it
        // for the backward pass, which would then read freed memory (random NaN gradients).
        NDArray scale = q.getManager().create((float) (1 / Math.sqrt(d)));
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask);
        NDArray weights = scores.softmax(-1);
        NDArray kept = dropout > 0 ? Dropout.dropout(weights, dropout, training).head() : weights;
        return new NDList(kept.matMul(v), weights);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        out.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, new Shape(x.get(0), heads, x.get(1), x.get(1))};
    }
}
