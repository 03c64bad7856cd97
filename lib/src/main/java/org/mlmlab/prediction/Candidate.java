package org.mlmlab.prediction;

/** A token the model proposes for a masked position, with its probability. */
public record Candidate(String token, double probability) {
}
