package org.mlmlab.corpus;

/** A corpus could not be read; the message says which file and what to do. */
public class CorpusException extends RuntimeException {
    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
