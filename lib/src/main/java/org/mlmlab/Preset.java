package org.mlmlab;

import java.util.Arrays;
import java.util.Locale;

/**
 * A named size for the whole lab. Every notebook reads the preset once, so a teacher (or the
 * test suite) switches all lessons from the classroom size to a seconds-long smoke run with one
 * environment variable: {@code MLM_LAB_PRESET=tiny}.
 */
public enum Preset {
    /** Seconds: what the tests run. */
    TINY("tiny", "smoke-test size: every lesson in seconds", 4_000, 1_000),
    /** The classroom default: each lesson in minutes on a 2-core laptop CPU. */
    LAB("lab", "classroom size: minutes on a laptop CPU", Integer.MAX_VALUE, 8_000),
    /** The original seed notebook's sizes (dim 256, length 128, a 30k vocabulary). */
    SEED("seed", "the seed notebook's sizes", Integer.MAX_VALUE, 30_000),
    /** Larger, for a machine with an NVIDIA GPU. */
    GPU("gpu", "larger, for a GPU", Integer.MAX_VALUE, 30_000);

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

    Preset(String id, String description, int corpusTexts, int vocabSize) {
        this.id = id;
        this.description = description;
        this.corpusTexts = corpusTexts;
        this.vocabSize = vocabSize;
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
