package org.mlmlab.lessons;

/**
 * A check's verdict when the student's code does not do what the library does. Its message is
 * the whole report (what differs, where, and a hint); it carries no stack trace, so a notebook
 * shows the message and nothing from deep inside the check.
 */
public final class CheckFailed extends RuntimeException {
    public CheckFailed(String message) {
        super(message, null, false, false);
    }
}
