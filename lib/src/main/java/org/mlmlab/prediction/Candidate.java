package org.mlmlab.prediction;

/** A token, or a whole word, that the model proposes for a blank, with its probability. */
public record Candidate(String token, double probability) {
}
