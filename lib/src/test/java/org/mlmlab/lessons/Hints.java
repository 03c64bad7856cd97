package org.mlmlab.lessons;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on a check's report. */
final class Hints {
    private Hints() {
    }

    static void assertHint(String report, String fragment) {
        assertTrue(report.contains(fragment), "expected the report to contain \"" + fragment + "\", but it was:\n" + report);
    }
}
