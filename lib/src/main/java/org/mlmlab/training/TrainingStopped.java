package org.mlmlab.training;

/**
 * Training ended early because its thread was interrupted (a notebook's stop button), after saving a
 * checkpoint. Its message is the whole report, so a notebook shows one line and no stack trace; it is
 * an error all the same, so that Run All stops there as it does at any error.
 */
public final class TrainingStopped extends RuntimeException {
    TrainingStopped(String message) {
        super(message, null, false, false);
    }
}
