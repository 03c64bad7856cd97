package org.mlmlab;

import java.util.Arrays;
import java.util.Locale;

/**
 * A named size for the whole lab, defined here and nowhere else: how much text, how large a
 * vocabulary and model, and how long and how the model trains. Every notebook reads the preset
 * once, so a teacher (or the test suite) switches all lessons from the classroom size to a
 * seconds-long smoke run with one environment variable: {@code MLM_LAB_PRESET=tiny}. Lessons 1, 2,
 * 4 and 5 turn these numbers into their configs ({@code DatasetRecipe.of}, {@code WordPieceTrainer.Config.of},
 * {@code ModelConfig.of}, {@code TrainingConfig.of}); what a preset does not name keeps the lab's default.
 */
public enum Preset {
    /** Seconds: what the tests run. */
    TINY("tiny", "smoke-test size: every lesson in seconds", new Sizes()
            .corpusTexts(4_000).vocabSize(1_000)
            .dim(32).heads(2).layers(1)
            .steps(40).batchRows(8).learningRate(3e-3).warmup(0.2)
            .evaluateEvery(20).evaluationSentences(100).checkpointEvery(20)
            .fineTuningSteps(6).learningCurve(50, Integer.MAX_VALUE)),
    /**
     * The classroom default: each lesson in minutes on a 2-core laptop CPU. It trains for a time
     * budget: 4 minutes make the whole main job about 10 minutes on a 2-core CPU, and the same on a
     * faster machine, which simply makes more steps in them. Its recipe is the best of
     * {@code ./lab bench recipe} (BENCHMARKS.md): 30% of tokens hidden in training (validation keeps
     * the seed's 15%), one encoder layer (in minutes on a CPU a shallower model's extra steps teach
     * more than a second layer: 25.3% against 22.4% after 4 minutes), a feed-forward block 2 x dim
     * wide rather than BERT's 4 x dim (cheaper steps again: ahead by 0.59 points, the median of
     * three seeds), a peak learning rate of 3e-3 after a 20% warmup, held there until the last fifth
     * of the budget and then down to zero in a line (warmup-stable-decay: ahead of a cosine by 0.59
     * points, the median of three seeds), a head tied to the token embedding.
     */
    LAB("lab", "classroom size: minutes on a laptop CPU", new Sizes()
            .vocabSize(8_000)
            .dim(128).heads(4).layers(1).feedForwardRatio(2).tieHead()
            .minutes(4).batchRows(16).learningRate(3e-3).warmup(0.2).decay(LearningRateDecay.WARMUP_STABLE_DECAY)
            .maskRate(0.3).finalLearningRate(0)
            .evaluateEvery(250).evaluationSentences(1_000).checkpointEvery(500)),
    /** The original seed notebook's sizes (dim 256, length 128, a 30k vocabulary). */
    SEED("seed", "the seed notebook's sizes", new Sizes()
            .vocabSize(30_000)
            .dim(256).heads(4).layers(4)
            .steps(4_000).batchRows(32).learningRate(1e-3).warmup(0.05)
            .evaluateEvery(500).evaluationSentences(2_000).checkpointEvery(1_000)),
    /** Larger, for a machine with an NVIDIA GPU. */
    GPU("gpu", "larger, for a GPU", new Sizes()
            .vocabSize(30_000)
            .dim(512).heads(8).layers(8)
            .steps(20_000).batchRows(64).learningRate(5e-4).warmup(0.05)
            .evaluateEvery(1_000).evaluationSentences(4_000).checkpointEvery(2_000).keepCheckpoints(3));

    /** The environment variable (or Java system property {@code mlmlab.preset}) that picks it. */
    public static final String ENV = "MLM_LAB_PRESET";

    /** Every lesson's seed: data split, masks, initialisation and batch order all derive from it. */
    public static final long RANDOM_SEED = 42;
    /** Sequences are at most this many tokens (the seed's length). */
    public static final int MAX_LENGTH = 128;
    /** Share of the corpus held out for validation. */
    public static final double VALIDATION_FRACTION = 0.05;

    public final String id;
    public final String description;
    /** How many texts of the corpus the lessons use. */
    public final int corpusTexts;
    /** The tokenizer's vocabulary size. */
    public final int vocabSize;
    /** The model's sizes and the training run's settings, by name. */
    public final Sizes sizes;

    Preset(String id, String description, Sizes sizes) {
        this.id = id;
        this.description = description;
        this.corpusTexts = sizes.corpusTexts;
        this.vocabSize = sizes.vocabSize;
        this.sizes = sizes;
    }

    /**
     * A preset's numbers, each set by name where the preset is declared (and only there: the setters
     * are private to {@link Preset}). A training budget is either {@code steps} or {@code minutes}.
     */
    public static final class Sizes {
        private int corpusTexts = Integer.MAX_VALUE;
        private int vocabSize;
        private int dim;
        private int heads;
        private int layers;
        private int steps;
        private double minutes;
        private int batchRows;
        private double learningRate;
        private double warmup;
        private int evaluateEvery;
        private int evaluationSentences;
        private int checkpointEvery;
        private int keepCheckpoints = 2;
        private double maskRate = 0.15;
        private double finalLearningRate = 0.1;
        private boolean tiedHead;
        private int feedForwardRatio = 4;   // the transformer's usual width, ModelConfig.FEED_FORWARD_RATIO
        private LearningRateDecay decay = LearningRateDecay.COSINE;
        private int fineTuningSteps = 100;
        private int[] learningCurve = {100, 300, 1_000, Integer.MAX_VALUE};

        private Sizes corpusTexts(int n) { corpusTexts = n; return this; }
        private Sizes vocabSize(int n) { vocabSize = n; return this; }
        private Sizes dim(int n) { dim = n; return this; }
        private Sizes heads(int n) { heads = n; return this; }
        private Sizes layers(int n) { layers = n; return this; }
        private Sizes steps(int n) { steps = n; return this; }
        private Sizes minutes(double m) { minutes = m; return this; }
        private Sizes batchRows(int n) { batchRows = n; return this; }
        private Sizes learningRate(double peak) { learningRate = peak; return this; }
        private Sizes warmup(double share) { warmup = share; return this; }
        private Sizes evaluateEvery(int n) { evaluateEvery = n; return this; }
        private Sizes evaluationSentences(int n) { evaluationSentences = n; return this; }
        private Sizes checkpointEvery(int n) { checkpointEvery = n; return this; }
        private Sizes keepCheckpoints(int n) { keepCheckpoints = n; return this; }
        private Sizes maskRate(double share) { maskRate = share; return this; }
        private Sizes finalLearningRate(double share) { finalLearningRate = share; return this; }
        private Sizes tieHead() { tiedHead = true; return this; }
        private Sizes feedForwardRatio(int ratio) { feedForwardRatio = ratio; return this; }
        private Sizes decay(LearningRateDecay d) { decay = d; return this; }
        private Sizes fineTuningSteps(int n) { fineTuningSteps = n; return this; }
        private Sizes learningCurve(int... examples) { learningCurve = examples; return this; }

        public int dim() { return dim; }
        public int heads() { return heads; }
        public int layers() { return layers; }
        /** The training budget in steps, or 0 when it is in {@link #minutes()}. */
        public int steps() { return steps; }
        /** The training budget in minutes of training, or 0 when it is in {@link #steps()}. */
        public double minutes() { return minutes; }
        public int batchRows() { return batchRows; }
        public double learningRate() { return learningRate; }
        public double warmup() { return warmup; }
        public int evaluateEvery() { return evaluateEvery; }
        public int evaluationSentences() { return evaluationSentences; }
        public int checkpointEvery() { return checkpointEvery; }
        public int keepCheckpoints() { return keepCheckpoints; }
        /** The share of real tokens a training batch hides (the seed's 15% unless named); validation always hides 15%. */
        public double maskRate() { return maskRate; }
        /** The learning rate at the end of the budget, as a share of the peak. */
        public double finalLearningRate() { return finalLearningRate; }
        /** Whether the output head shares the token embedding table. */
        public boolean tiedHead() { return tiedHead; }
        /** How many times dim the feed-forward block widens to. */
        public int feedForwardRatio() { return feedForwardRatio; }
        /** How the learning rate falls after the warmup. */
        public LearningRateDecay decay() { return decay; }
        /** Lesson 8: the updates of each fine-tuning run, whatever its number of examples. */
        public int fineTuningSteps() { return fineTuningSteps; }
        /** Lesson 8: the training-set sizes its comparison measures (Integer.MAX_VALUE: every training example). */
        public int[] learningCurve() { return learningCurve.clone(); }
    }

    /** The preset named by {@code mlmlab.preset} or {@code MLM_LAB_PRESET}; {@link #LAB} when neither is set. */
    public static Preset current() {
        String name = System.getProperty("mlmlab.preset", System.getenv(ENV));
        return name == null || name.isBlank() ? LAB : named(name);
    }

    public static Preset named(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown preset '" + name + "'. Choose one of: "
                        + String.join(", ", Arrays.stream(values()).map(p -> p.id).toList())));
    }

    @Override
    public String toString() {
        return id;
    }
}
