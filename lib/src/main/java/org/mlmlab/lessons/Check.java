package org.mlmlab.lessons;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What every check cell does: run the student's code, compare it with the library on the same
 * inputs, and say PASS, or FAIL with what differs and a hint. A failure is thrown as
 * {@link CheckFailed}, so the cell stops (and "Run All" stops there) with a readable message.
 */
final class Check {
    /** What the student edition's stubs throw: the code is not written yet. */
    static final String YOUR_TURN = "your turn";

    private Check() {
    }

    /** Runs the student's code; a stub or an exception becomes a FAIL that says so. */
    static <T> T attempt(String what, Callable<T> code) {
        try {
            return code.call();
        } catch (CheckFailed e) {
            throw e;
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.toLowerCase(Locale.ROOT).startsWith(YOUR_TURN)) {
                throw new CheckFailed("FAIL: " + what + " is not written yet.\n  " + message);
            }
            throw new CheckFailed("FAIL: " + what + " threw " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                    + "\n  hint: run your code on a small example in a cell of its own to see where it breaks.");
        }
    }

    static void pass(String message) {
        System.out.println("PASS: " + message);
    }

    /** A failure: what differs, and what to try. */
    static CheckFailed fail(String what, String hint) {
        return new CheckFailed("FAIL: " + what + (hint == null ? "" : "\n  hint: " + hint));
    }
}
