package org.mlmlab.model;

import org.mlmlab.Preset;

/**
 * The transformer's sizes.
 *
 * @param vocabSize  tokens in the vocabulary (the tokenizer's)
 * @param dim        width of every token's vector
 * @param heads      attention heads (dim must divide by it)
 * @param layers     encoder layers
 * @param maxLength  longest sequence, the number of learned positions
 * @param dropout    dropout rate (0: off, the usual choice for pretraining small models)
 * @param tieWeights share the token embedding with the output head
 * @param feedForwardRatio how many times dim the feed-forward block widens to
 */
public record ModelConfig(int vocabSize, int dim, int heads, int layers, int maxLength, float dropout, boolean tieWeights,
                          int feedForwardRatio) {
    /** The transformer's usual feed-forward width, 4 x dim (BERT's, and every model of this lab before it was a setting). */
    public static final int FEED_FORWARD_RATIO = 4;
    public static final float NORM_EPS = 1e-6f;

    public ModelConfig {
        if (dim < 1 || heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " must be a positive multiple of the number of heads (" + heads + ")");
        }
        if (vocabSize < 4 || layers < 1 || maxLength < 1) {
            throw new IllegalArgumentException("vocabSize, layers and maxLength must be positive");
        }
        if (vocabSize > 1_000_000 || dim > 16_384 || layers > 256 || maxLength > 65_536) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + ", dim " + dim + ", layers " + layers + " or maxLength " + maxLength
                    + " is beyond any model this lab makes (at most 1,000,000, 16,384, 256 and 65,536)");
        }
        if (feedForwardRatio < 1 || feedForwardRatio > 64) {
            throw new IllegalArgumentException("the feed-forward ratio must be from 1 to 64 (times dim), not " + feedForwardRatio);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }
    }

    /** Sizes with the usual feed-forward width, {@link #FEED_FORWARD_RATIO} x dim. */
    public ModelConfig(int vocabSize, int dim, int heads, int layers, int maxLength, float dropout, boolean tieWeights) {
        this(vocabSize, dim, heads, layers, maxLength, dropout, tieWeights, FEED_FORWARD_RATIO);
    }

    /** The preset's sizes (see {@link Preset}), with no dropout and an untied head. */
    public static ModelConfig of(Preset preset, int vocabSize) {
        Preset.Sizes sizes = preset.sizes;
        return new ModelConfig(vocabSize, sizes.dim(), sizes.heads(), sizes.layers(), Preset.MAX_LENGTH, 0, sizes.tiedHead(),
                sizes.feedForwardRatio());
    }

    public ModelConfig withDim(int d) {
        return new ModelConfig(vocabSize, d, heads, layers, maxLength, dropout, tieWeights, feedForwardRatio);
    }

    public ModelConfig withHeads(int h) {
        return new ModelConfig(vocabSize, dim, h, layers, maxLength, dropout, tieWeights, feedForwardRatio);
    }

    public ModelConfig withLayers(int n) {
        return new ModelConfig(vocabSize, dim, heads, n, maxLength, dropout, tieWeights, feedForwardRatio);
    }

    public ModelConfig withTiedWeights(boolean tied) {
        return new ModelConfig(vocabSize, dim, heads, layers, maxLength, dropout, tied, feedForwardRatio);
    }

    public ModelConfig withFeedForwardRatio(int ratio) {
        return new ModelConfig(vocabSize, dim, heads, layers, maxLength, dropout, tieWeights, ratio);
    }

    /** The feed-forward block's hidden width. */
    public int feedForwardDim() {
        return feedForwardRatio * dim;
    }

    /** The sizes in a line, as lessons 4 and 5 print them. */
    public String describe() {
        return String.format("%d layers of dim %d with %d heads of %d%s, %,d tokens, %d positions%s%s; %,d parameters", layers, dim, heads,
                headDim(), feedForwardRatio == FEED_FORWARD_RATIO ? "" : ", feed-forward " + feedForwardRatio + " x dim", vocabSize,
                maxLength, tieWeights ? ", head tied to the token embedding" : "",
                dropout > 0 ? String.format(", dropout %.2f", dropout) : "", parameterCount());
    }

    public int headDim() {
        return dim / heads;
    }

    /** Parameters of one of a layer's norms: RMSNorm learns one scale per feature. */
    public long normParameters() {
        return dim;
    }

    /** Parameters per encoder layer: two norms, qkv and output projections, the two feed-forward layers. */
    public long parametersPerLayer() {
        long d = dim;
        long f = feedForwardDim();
        return 2 * normParameters() + (3 * d * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d);
    }

    /** All parameters: embeddings, layers, final norm, head (its weight shared when tied). */
    public long parameterCount() {
        long d = dim;
        long embeddings = (long) vocabSize * d + (long) maxLength * d;
        long head = (tieWeights ? 0 : (long) vocabSize * d) + vocabSize;
        return embeddings + layers * parametersPerLayer() + d + head;
    }
}
