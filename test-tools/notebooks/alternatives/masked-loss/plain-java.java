// The arrays copied out, log-sum-exp per hidden position in double precision, the result made into an array.
NDArray maskedLoss(NDArray logits, NDArray labels) {
    int v = (int) logits.getShape().get(2);
    float[] x = logits.toFloatArray();
    long[] y = labels.toType(DataType.INT64, false).toLongArray();
    double total = 0;
    int count = 0;
    for (int p = 0; p < y.length; p++) {
        if (y[p] == -100) {
            continue;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, x[p * v + j]);
        }
        double sum = 0;
        for (int j = 0; j < v; j++) {
            sum += Math.exp(x[p * v + j] - max);
        }
        total += max + Math.log(sum) - x[p * v + (int) y[p]];
        count++;
    }
    return logits.getManager().create((float) (total / count));
}
