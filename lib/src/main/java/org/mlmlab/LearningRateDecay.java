package org.mlmlab;

/**
 * How a run's learning rate falls from its peak, after the warmup, to its final rate at the end of
 * the budget (lesson 5; the formulas are in {@code training.LearningRateSchedule}). A word of the
 * recipe, here beside {@link Preset} so that a preset can name it.
 */
public enum LearningRateDecay {
    /** Half a cosine: slow at first, fastest mid-way, slow again at the end (a common choice). */
    COSINE("cosine decay"),
    /** A straight line from the peak to the final rate (BERT's own schedule). */
    LINEAR("linear decay"),
    /**
     * Warmup-stable-decay: held at the peak, then a straight line down over the last
     * {@link #DECAY_SHARE} of the budget. Most steps are taken at the full rate; the short decay
     * at the end settles the weights all the same.
     */
    WARMUP_STABLE_DECAY("stable, then linear decay");

    /** The share of the budget that warmup-stable-decay spends decaying (a fifth: the cooldown its studies found enough). */
    public static final double DECAY_SHARE = 0.2;

    /** The decay in a few words, for a chart's title. */
    public final String title;

    LearningRateDecay(String title) {
        this.title = title;
    }
}
