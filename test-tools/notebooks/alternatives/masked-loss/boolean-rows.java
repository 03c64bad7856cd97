// Only the hidden rows are kept (boolean indexing), then the gathered log-probabilities' mean.
NDArray maskedLoss(NDArray logits, NDArray labels) {
    long v = logits.getShape().get(logits.getShape().dimension() - 1);
    NDArray flatLabels = labels.flatten().toType(DataType.INT64, false);
    NDArray hidden = flatLabels.neq(-100);
    NDArray rows = logits.reshape(-1, v).get(hidden);                                       // (K, V)
    NDArray targets = flatLabels.get(hidden).reshape(-1, 1);                                // (K, 1)
    return rows.logSoftmax(-1).gather(targets, 1).mean().neg();
}
