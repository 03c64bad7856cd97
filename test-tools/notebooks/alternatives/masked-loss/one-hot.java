// One-hot labels (the -100 ones become 0 first) times the log-probabilities, summed over the vocabulary.
NDArray maskedLoss(NDArray logits, NDArray labels) {
    int v = (int) logits.getShape().get(2);
    NDArray hidden = labels.neq(-100).toType(DataType.FLOAT32, false);                    // (B, T)
    NDArray safe = labels.toType(DataType.INT64, false).mul(hidden.toType(DataType.INT64, false));
    NDArray logP = logits.logSoftmax(2).mul(safe.oneHot(v)).sum(new int[] {2});          // (B, T): log p(label)
    return logP.mul(hidden).sum().div(hidden.sum()).neg();
}
