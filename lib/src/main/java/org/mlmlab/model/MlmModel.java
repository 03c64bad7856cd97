package org.mlmlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoder-only transformer for masked language modeling (the seed's design):
 * token embedding + learned position embedding, N pre-norm encoder layers, a final RMSNorm and a
 * dim -> vocab output head. No [CLS]/[SEP], no pooler, no next-sentence head.
 * <p>
 * Inputs: {@code ids} (B, T) and {@code segments} (B, T) from a {@link org.mlmlab.masking.Batch};
 * optionally {@code maskedPositions} (K), flat indices {@code b*T + t}.
 * Output: logits (B, T, V) for every position, or, given maskedPositions, (K, V) for those only.
 * Training asks for the masked positions alone: the head is the biggest matrix multiply of a
 * small model with a large vocabulary, and only about 15% of positions have a label.
 * With {@code keepAttention}, the list also holds each layer's attention weights (B, H, T, T).
 */
public final class MlmModel extends AbstractBlock {
    /** Added to the scores of forbidden query/key pairs: a large negative, so softmax gives them ~0 weight. */
    static final float MASKED_SCORE = -1e9f;
    private static final byte VERSION = 1;

    private final ModelConfig config;
    private final Embedding tokens;
    private final Embedding positions;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Linear head;
    private final Parameter tiedHeadBias;

    public MlmModel(ModelConfig config) {
        super(VERSION);
        this.config = config;
        this.tokens = addChildBlock("tok", new Embedding(config.vocabSize(), config.dim()));
        this.positions = addChildBlock("pos", new Embedding(config.maxLength(), config.dim()));
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layers." + i, new EncoderLayer(config)));
        }
        this.norm = addChildBlock("norm", new RmsNorm(config.dim(), ModelConfig.NORM_EPS));
        if (config.tieWeights()) {
            this.head = null;
            // Named as the untied head's bias would be, so weight files read the same either way.
            this.tiedHeadBias = addParameter(Parameter.builder().setName("head.bias").setType(Parameter.Type.BIAS)
                    .optShape(new Shape(config.vocabSize())).optInitializer(Initializer.ZEROS).build());
        } else {
            this.head = addChildBlock("head", Linear.builder().setUnits(config.vocabSize()).build());
            this.tiedHeadBias = null;
        }
    }

    public ModelConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        boolean keepAttention = params != null && params.contains("keepAttention");
        NDList encoded = encode(store, inputs.get(0), inputs.get(1), training, keepAttention);
        NDArray x = encoded.get(0);
        if (inputs.size() > 2) {
            x = x.reshape(-1, config.dim()).get(new NDIndex("{}", inputs.get(2)));
        }
        NDList result = new NDList(logits(store, x, training));
        result.addAll(encoded.subNDList(1));
        return result;
    }

    /**
     * The encoder: ids (B, T) and segments (B, T) to one vector per position, (B, T, D), after the
     * final norm. With {@code keepAttention} the list also holds each layer's attention weights.
     */
    public NDList encode(ParameterStore store, NDArray ids, NDArray segments, boolean training, boolean keepAttention) {
        long t = ids.getShape().get(1);
        if (t > config.maxLength()) {
            throw new IllegalArgumentException("A sequence of " + t + " tokens is longer than the model's " + config.maxLength()
                    + " positions. Encode with truncation to " + config.maxLength() + " tokens.");
        }
        NDArray x = tokens.forward(store, new NDList(ids), training).head()
                .add(positions.forward(store, new NDList(positionIds(segments)), training).head());
        NDArray mask = attentionMask(segments);
        NDList attention = new NDList();
        for (EncoderLayer layer : layers) {
            NDList out = layer.forward(store, new NDList(x, mask), training);
            x = out.get(0);
            if (keepAttention) {
                attention.add(out.get(1));
            }
        }
        NDList result = new NDList(norm.forward(store, new NDList(x), training).head());
        result.addAll(attention);
        return result;
    }

    /** The output head: vectors (..., D) to a score for every vocabulary token, (..., V). */
    public NDArray logits(ParameterStore store, NDArray hidden, boolean training) {
        if (head != null) {
            return head.forward(store, new NDList(hidden), training).head();
        }
        NDArray table = tokens.table(store, hidden.getDevice(), training);
        return hidden.matMul(table.transpose()).add(store.getValue(tiedHeadBias, hidden.getDevice(), training));
    }

    /**
     * (B, T): each token's position within its own sentence. Without packing that is simply
     * 0, 1, 2, ...; in a packed row every sentence starts again at 0, exactly as it will when the
     * model later reads a sentence on its own. Computed from the segments: a token's position is
     * its index minus the number of tokens of earlier sentences in the row.
     */
    public static NDArray positionIds(NDArray segments) {
        long t = segments.getShape().get(1);
        NDArray queries = segments.expandDims(2);
        NDArray keys = segments.expandDims(1);
        NDArray earlier = keys.lt(queries).logicalAnd(keys.gt(0));
        NDArray offset = earlier.toType(DataType.INT64, false).sum(new int[] {2});
        NDArray index = segments.getManager().arange(0, t, 1, DataType.INT64, segments.getDevice()).expandDims(0);
        return index.sub(offset);
    }

    /**
     * (B, 1, T, T): 0 where query and key are in the same segment and the key is not padding,
     * -1e9 elsewhere. Without packing this simply hides padded keys from every query.
     */
    public static NDArray attentionMask(NDArray segments) {
        NDArray queries = segments.expandDims(2);
        NDArray keys = segments.expandDims(1);
        NDArray allowed = queries.eq(keys).logicalAnd(keys.neq(0));
        return allowed.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED_SCORE).expandDims(1); // 1 -> 0, 0 -> -1e9
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        Shape hidden = ids.add(config.dim());
        Shape mask = new Shape(ids.get(0), 1, ids.get(1), ids.get(1));
        tokens.initialize(manager, dataType, ids);
        positions.initialize(manager, dataType, new Shape(config.maxLength()));
        for (EncoderLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, mask);
        }
        norm.initialize(manager, dataType, hidden);
        if (head != null) {
            head.initialize(manager, dataType, new Shape(1, config.dim()));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape ids = inputShapes[0];
        Shape logits = inputShapes.length > 2 ? new Shape(inputShapes[2].get(0), config.vocabSize())
                : ids.add(config.vocabSize());
        return new Shape[] {logits};
    }

    /**
     * Every parameter by its path in the model ({@code tok.weight}, {@code layers.0.attention.qkv.weight},
     * {@code layers.0.n1.weight}, ...): the names of the PyTorch reference, and of the weight files.
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        collect("", this, named);
        return named;
    }

    /**
     * The encoder's parameters by name, without the output head's: what a task built on the encoder
     * (lesson 8's classifier) trains. With a tied head the token table is the encoder's.
     */
    public Map<String, Parameter> encoderParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Pair<String, Block> child : getChildren()) {
            if (child.getValue() != head) {
                collect(childName(child.getKey()) + ".", child.getValue(), named);
            }
        }
        return named;
    }

    private static void collect(String prefix, Block block, Map<String, Parameter> named) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            named.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(prefix + childName(child.getKey()) + ".", child.getValue(), named);
        }
    }

    /** DJL keys children by position and name ("03layers.0"): the name alone. */
    static String childName(String key) {
        return key.replaceFirst("^\\d+", "");
    }

    /** The number of trainable values, counted from the parameters themselves (tied weights once). */
    public long countParameters() {
        return namedParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
