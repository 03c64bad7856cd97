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
    TINY("tiny", "smoke-test size: every lesson in seconds"),
    /** The classroom default: each lesson in minutes on a 2-core laptop CPU. */
    LAB("lab", "classroom size: minutes on a laptop CPU"),
    /** The original seed notebook's sizes (dim 256, length 128). */
    SEED("seed", "the seed notebook's sizes"),
    /** Larger, for a machine with an NVIDIA GPU. */
    GPU("gpu", "larger, for a GPU");

    /** The environment variable (or Java system property {@code mlmlab.preset}) that picks it. */
    public static final String ENV = "MLM_LAB_PRESET";

    public final String id;
    public final String description;

    Preset(String id, String description) {
        this.id = id;
        this.description = description;
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
