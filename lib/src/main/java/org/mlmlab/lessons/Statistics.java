package org.mlmlab.lessons;

/** The statistics the checks of chance-driven mechanisms use to tell a biased answer from bad luck. */
final class Statistics {
    /** The normal quantile for a false alarm once in a million: P(Z > 4.753) = 1e-6. */
    static final double Z_ONE_IN_A_MILLION = 4.753;

    private Statistics() {
    }

    /** Pearson's statistic for counts that should each be about {@code expected}. */
    static double chiSquare(double[] counts, double expected) {
        double sum = 0;
        for (double c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    /**
     * The chi-square statistic's value that a true null hypothesis exceeds once in a million
     * (Wilson and Hilferty's approximation, within 1% of the exact quantile from 10 degrees of freedom).
     */
    static double chiSquareLimit(int degreesOfFreedom) {
        double k = degreesOfFreedom;
        double c = 2 / (9 * k);
        return k * Math.pow(1 - c + Z_ONE_IN_A_MILLION * Math.sqrt(c), 3);
    }
}
