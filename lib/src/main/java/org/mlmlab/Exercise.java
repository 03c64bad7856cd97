package org.mlmlab;

import java.util.concurrent.Callable;

/**
 * The mechanisms a student writes in the lessons. While a lesson's check runs the student's code
 * for one of them, the library's own implementation of that mechanism refuses to run
 * ({@link #refuseDuringItsCheck}): an answer that calls it would only compare the library with
 * itself. Everything else in the library stays available. It lives at the bottom of the layers so
 * that every package can guard its mechanism without knowing about the lessons.
 */
public enum Exercise {
    CLEANING("the cleaner"), SPLIT("the split"), MERGES("the merge loop"), MASKING("the masking rule"),
    ATTENTION("the attention head"), LOSS("the masked loss"), TRAINING_STEP("the training step"),
    PREDICTION("the prediction"), RECOVERY("the band accuracy"), CLASSIFIER("the classifier head");

    /** What the student writes, in the words of the check's messages. */
    public final String description;
    /** The exercise whose check is running the student's code right now, if any (any thread: student code may run in parallel). */
    private static volatile Exercise beingChecked;
    /** When the student's cell for this exercise last started and last ran to its end (0: never), in ms since the epoch. */
    private volatile long cellStarted;
    private volatile long cellEnded;

    Exercise(String description) {
        this.description = description;
    }

    /**
     * The first line of the student's cell. JShell keeps the previous version of a method when the
     * new one has a syntax error, so without this a check could grade an answer the student has
     * since changed: with {@link #end()} as the cell's last line, a cell that stopped at an error
     * is known, and its check refuses to grade.
     */
    public void begin() {
        cellStarted = System.currentTimeMillis();
    }

    /** The last line of the student's cell: everything above it compiled and ran. */
    public void end() {
        cellEnded = System.currentTimeMillis();
    }

    /** Whether the student's cell last stopped before its end (then its methods may be an older version). */
    public boolean cellStoppedEarly() {
        return cellStarted > cellEnded;
    }

    /** When the student's cell last ran to its end, or 0 if it never did (or has no begin/end lines). */
    public long cellRanAt() {
        return cellEnded;
    }

    /** Runs the student's code for this exercise, with the library's implementation of it refusing to run meanwhile. */
    public <T> T runStudentCode(Callable<T> code) throws Exception {
        Exercise before = beingChecked;
        beingChecked = this;
        try {
            return code.call();
        } finally {
            beingChecked = before;
        }
    }

    /** Called first by the library's implementation of this exercise ({@code libraryCall} names it). */
    public void refuseDuringItsCheck(String libraryCall) {
        if (beingChecked == this) {
            throw new LibraryRefused(this, libraryCall);
        }
    }

    /** What a student's answer meets when it calls the library's implementation of the mechanism under check. */
    public static final class LibraryRefused extends RuntimeException {
        LibraryRefused(Exercise exercise, String libraryCall) {
            super("your code calls " + libraryCall + ", the library's own version of " + exercise.description
                    + ", which is what your answer is compared with. Write " + exercise.description + " yourself.", null, false, false);
        }
    }
}
