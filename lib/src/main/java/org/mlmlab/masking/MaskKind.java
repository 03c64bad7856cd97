package org.mlmlab.masking;

/** What happened to one position. */
public enum MaskKind {
    /** Not selected: the model sees it, and no loss is computed there. */
    NONE,
    /** Selected and replaced by [MASK]. */
    MASKED,
    /** Selected and replaced by a random token (BERT's 10%). */
    RANDOM,
    /** Selected but left unchanged (BERT's other 10%): the model must still predict it. */
    KEPT
}
