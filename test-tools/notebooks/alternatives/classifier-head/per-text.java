// One text at a time: its real rows picked by a boolean index, averaged, scored; the scores stacked.
NDArray classScores(NDArray hidden, NDArray segments, NDArray weight, NDArray bias) {
    NDList rows = new NDList();
    for (long b = 0; b < hidden.getShape().get(0); b++) {
        NDArray text = hidden.get(b);                                 // (T, D)
        NDArray vectors = text.get(segments.get(b).neq(0));           // (n, D): the real tokens only
        rows.add(weight.matMul(vectors.mean(new int[] {0}).reshape(-1, 1)).reshape(-1).add(bias));
    }
    return NDArrays.stack(rows);
}

NDArray classLoss(NDArray scores, NDArray labels) {
    long[] y = labels.toType(DataType.INT64, false).toLongArray();
    NDArray total = scores.getManager().zeros(new Shape());
    for (int b = 0; b < y.length; b++) {
        total = total.sub(scores.get(b).logSoftmax(0).get(y[b]));
    }
    return total.div(y.length);
}
