package org.mlmlab.cli;

/**
 * A command-line option's value checked before anything runs, so that a wrong one is refused with
 * the option's own name and the range it takes ("--lr must be a number above 0, e.g. 2e-3, not NaN"),
 * not with a message from deep inside about what it became.
 */
public final class OptionCheck {
    private OptionCheck() {
    }

    /** Refuses {@code value} of {@code option} unless {@code ok}; {@code rule} says what it must be. A null value (not given) passes. */
    public static void require(String option, Object value, boolean ok, String rule) {
        if (value != null && !ok) {
            throw new IllegalArgumentException(option + " must be " + rule + ", not " + value);
        }
    }

    public static void positive(String option, Integer value) {
        require(option, value, value != null && value > 0, "a whole number above 0");
    }

    /** A finite number of 0 or more; {@code rule} says so in the option's terms ("0 (no clipping) or more, e.g. 1.0"). */
    public static void notNegative(String option, Double value, String rule) {
        require(option, value, value != null && value >= 0 && Double.isFinite(value), rule);
    }

    public static void positive(String option, Double value, String example) {
        require(option, value, value != null && value > 0 && Double.isFinite(value), "a number above 0, e.g. " + example);
    }
}
