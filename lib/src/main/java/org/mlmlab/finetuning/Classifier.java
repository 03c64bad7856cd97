package org.mlmlab.finetuning;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

import java.util.Map;

/** A block that reads token ids and segments (B, T) and gives a score per class (B, C): what {@link FineTuning} trains. */
public interface Classifier extends Block {
    /** The parameters training changes, by name. */
    Map<String, Parameter> trainedParameters();

    int classes();
}
