package org.mlmlab.tokenizer;

/** A tokenizer could not be trained, saved or loaded; the message says what to do. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
