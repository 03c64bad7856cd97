package org.mlmlab.lessons;

import org.mlmlab.Exercise;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What every check cell does: run the student's code and judge what it returns by the properties
 * that make it right. It says PASS, or FAIL with what is observably wrong first; a likely cause
 * only when the check can tell (a replay of that mistake gives the student's result); and, as the
 * last resort, where to find the recipe. A failure is thrown as {@link CheckFailed}, so the cell
 * stops (and "Run All" stops there) with a readable message and no stack trace.
 */
final class Check {
    /** What the student edition's stubs say ({@link YourTurn}): the code is not written yet. */
    static final String YOUR_TURN = "your turn";

    private final Exercise exercise;

    Check(Exercise exercise) {
        this.exercise = exercise;
    }

    /**
     * Runs the student's code ({@code what} names it in messages). A stub, an exception, a call to the
     * library's own version of the mechanism, or a cell that stopped at an error becomes a FAIL that says so.
     */
    <T> T attempt(String what, Callable<T> code) {
        if (exercise.cellStoppedEarly()) {
            throw new CheckFailed("FAIL: the last run of your cell stopped before its end (see the error under it), so "
                    + what + " may still be an older version. Fix the error and run the cell again; the check grades only a cell "
                    + "that ran to its end.");
        }
        try {
            return exercise.runStudentCode(code);
        } catch (CheckFailed e) {
            throw e;
        } catch (Exercise.LibraryRefused e) {
            throw new CheckFailed("FAIL: " + e.getMessage());
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.toLowerCase(Locale.ROOT).startsWith(YOUR_TURN)) {
                throw new CheckFailed("FAIL: " + what + " is not written yet.\n  " + message);
            }
            String cause = e instanceof UnsupportedOperationException
                    ? "\n  likely cause: your code changes a list or array it was given (the check gives ones that cannot be changed): work on a copy."
                    : "\n  try your code on a small example in a cell of its own to see where it breaks.";
            throw new CheckFailed("FAIL: " + what + " threw " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                    + cause + recipeLine());
        }
    }

    void pass(String message) {
        long ran = exercise.cellRanAt();
        String when = ran == 0 ? "" : " (your cell as it ran at "
                + DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault()).format(Instant.ofEpochMilli(ran)) + ")";
        System.out.println("PASS: " + message + when);
    }

    /** A failure: what is observably wrong, and the likely cause when one is known (null otherwise). */
    CheckFailed fail(String observed, String cause) {
        return new CheckFailed("FAIL: " + observed + (cause == null ? "" : "\n  likely cause: " + cause) + recipeLine());
    }

    private String recipeLine() {
        return "\n  stuck? Help.recipe(Exercise." + exercise.name() + ") prints one way to write it.";
    }
}
